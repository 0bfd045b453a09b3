using Microsoft.CodeAnalysis;

namespace SimpleRpc.Proxy.Generator.Extraction;

/// <summary>
/// The outcome of <see cref="ProxyShapeRules.CheckMethod"/>: the issue, and where it is. Holds
/// symbols, so it never leaves the extract stage or the analyzer.
/// </summary>
/// <param name="Issue">What is wrong, or <see cref="MethodIssue.None"/>.</param>
/// <param name="Parameter">The parameter at fault, or null when the issue is the method's own.</param>
/// <param name="Type">The type that cannot travel, for <see cref="MethodIssue.UnsupportedType"/>.</param>
internal readonly record struct MethodCheck(MethodIssue Issue, IParameterSymbol? Parameter = null, ITypeSymbol? Type = null);
