using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SimpleRpc.Proxy.Generator.Models;

namespace SimpleRpc.Proxy.Generator.Extraction;

/// <summary>
/// The extract stage: turns a class marked with <c>[RpcModule]</c> into a
/// <see cref="ProxyClassModel"/>. Nothing from Roslyn outlives this call.
/// </summary>
internal static class ProxyClassExtractor
{
    /// <summary>
    /// The model of the marked class, or null when the generator cannot extend it: no module
    /// name, a generic or <c>file</c>-local type, or a type (or one containing it) that is not
    /// <c>partial</c>. The generator reports nothing for these; an analyzer will.
    /// </summary>
    public static ProxyClassModel? Extract(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type
            || context.TargetNode is not TypeDeclarationSyntax declaration
            || GetModuleName(context.Attributes) is not { } moduleName
            || GetDeclarations(declaration) is not { } declarations)
        {
            return null;
        }

        var twinKeys = new HashSet<string>();
        var methods = new List<ProxyMethodModel>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is IMethodSymbol method && ProxyMethodExtractor.Extract(method, twinKeys, cancellationToken) is { } model)
            {
                methods.Add(model);
            }
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(TypeShapes.NamespaceName)
            : string.Empty;
        return new ProxyClassModel(
            type.ToDisplayString(TypeShapes.HintName) + ".g.cs",
            ns,
            new EquatableArray<TypeDeclarationModel>(declarations),
            moduleName,
            new EquatableArray<ProxyMethodModel>([.. methods]));
    }

    private static string? GetModuleName(IEnumerable<AttributeData> attributes) =>
        attributes
            .Where(attribute => attribute.ConstructorArguments.Length == 1)
            .Select(attribute => attribute.ConstructorArguments[0].Value as string)
            .FirstOrDefault(name => !string.IsNullOrEmpty(name));

    /// <summary>The declarations from the outermost type in to <paramref name="declaration"/>, or null if one cannot be reopened.</summary>
    private static TypeDeclarationModel[]? GetDeclarations(TypeDeclarationSyntax declaration)
    {
        var declarations = new List<TypeDeclarationModel>();
        for (var node = (SyntaxNode?)declaration; node is not null; node = node.Parent)
        {
            if (node is not TypeDeclarationSyntax type)
            {
                continue;
            }

            if (type.TypeParameterList is not null
                || !type.Modifiers.Any(SyntaxKind.PartialKeyword)
                || type.Modifiers.Any(SyntaxKind.FileKeyword)
                || GetKeyword(type) is not { } keyword)
            {
                return null;
            }

            var modifiers = string.Join(" ", type.Modifiers.Select(modifier => modifier.Text));
            declarations.Add(new TypeDeclarationModel(modifiers, keyword, type.Identifier.Text));
        }

        declarations.Reverse();
        return [.. declarations];
    }

    private static string? GetKeyword(TypeDeclarationSyntax type) => type switch
    {
        RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
        ClassDeclarationSyntax => "class",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => null,
    };
}
