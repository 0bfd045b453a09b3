using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>One function of a proxy: a body-less <c>partial</c> method declaration.</summary>
/// <param name="Name">The function's name, without a leading <c>@</c>.</param>
/// <param name="ReturnType">The declared return type (<c>void</c>, <c>Task&lt;T&gt;</c>, …).</param>
/// <param name="Parameters">Every parameter in order, <c>CancellationToken</c>s included.</param>
/// <param name="Declaration">The C# signature as an app sees it, e.g. <c>int Add(int a, int b)</c>.</param>
internal sealed record ProxyFunction(string Name, TypeSyntax ReturnType, IReadOnlyList<ProxyMember> Parameters, string Declaration);
