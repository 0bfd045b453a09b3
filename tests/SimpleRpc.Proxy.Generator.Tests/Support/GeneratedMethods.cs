using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SimpleRpc.Proxy.Generator.Tests.Support;

/// <summary>Reads the <c>RpcMethod</c> fields back out of generated source.</summary>
internal static class GeneratedMethods
{
    /// <summary>One generated <c>RpcMethod</c> field and its constructor arguments.</summary>
    /// <param name="Name">The field's name.</param>
    /// <param name="Module">The module argument.</param>
    /// <param name="Version">The version argument.</param>
    /// <param name="Signature">The signature id argument.</param>
    public sealed record Field(string Name, string Module, int Version, string Signature);

    /// <summary>Every <c>RpcMethod</c> field declared in <paramref name="source"/>, in order.</summary>
    public static IReadOnlyList<Field> Fields(string source) =>
        CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot()
            .DescendantNodes()
            .OfType<FieldDeclarationSyntax>()
            .Where(field => field.Declaration.Type.ToString() == "global::SimpleRpc.Client.RpcMethod")
            .SelectMany(field => field.Declaration.Variables)
            .Select(variable =>
            {
                // The first three are literals; a fourth, the proxy's exception types, is a field.
                var arguments = ((ImplicitObjectCreationExpressionSyntax)variable.Initializer!.Value).ArgumentList.Arguments
                    .Take(3)
                    .Select(argument => ((LiteralExpressionSyntax)argument.Expression).Token.Value)
                    .ToArray();
                return new Field(variable.Identifier.Text, (string)arguments[0]!, (int)arguments[1]!, (string)arguments[2]!);
            })
            .ToList();
}
