using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>What a type name in a proxy refers to.</summary>
/// <param name="FullName">
/// The name without <c>global::</c> and type arguments, with the CLR arity suffix for generic
/// types: <c>System.Guid</c>, <c>System.Collections.Generic.List`1</c>.
/// </param>
/// <param name="SimpleName">The last identifier, e.g. <c>List</c> (signature ids use it).</param>
/// <param name="TypeArguments">The type arguments of the last identifier.</param>
/// <param name="Module">The module whose data type this is, if it is one.</param>
/// <param name="DataType">The module's data type, if it is one.</param>
internal sealed record ResolvedTypeName(
    string FullName,
    string SimpleName,
    IReadOnlyList<TypeSyntax> TypeArguments,
    ProxyModule? Module,
    ProxyDataType? DataType);
