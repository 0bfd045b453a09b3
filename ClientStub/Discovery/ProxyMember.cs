using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>A function's parameter or a data type's member, as the proxy declares it.</summary>
/// <param name="Name">The C# name, without a leading <c>@</c> (named params and JSON members use it).</param>
/// <param name="Type">The declared type.</param>
/// <param name="Default">The default value's expression, if any (<c>= 3</c>, <c>= null</c>, an enum member).</param>
/// <param name="Required">
/// Whether a caller must give it: a parameter without a default, a <c>params</c> array, a positional
/// record parameter without a default, or a <c>required</c> member.
/// </param>
internal sealed record ProxyMember(string Name, TypeSyntax Type, ExpressionSyntax? Default, bool Required);
