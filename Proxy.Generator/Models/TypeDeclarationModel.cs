namespace SimpleRpc.Proxy.Generator.Models;

/// <summary>One partial type declaration to reopen, e.g. <c>public static partial class Z</c>.</summary>
/// <param name="Modifiers">The declaration's modifiers as written, including <c>partial</c>.</param>
/// <param name="Keyword">The kind keyword: <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The type's identifier, escaped if it is a keyword.</param>
internal sealed record TypeDeclarationModel(string Modifiers, string Keyword, string Name);
