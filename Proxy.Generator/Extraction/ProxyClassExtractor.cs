using System.Collections.Generic;
using System.Globalization;
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
    /// <c>partial</c> (<see cref="ProxyShapeRules"/>). The generator reports nothing for these;
    /// <see cref="Analysis.ProxyContractAnalyzer"/> does.
    /// </summary>
    public static ProxyClassModel? Extract(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type
            || context.TargetNode is not TypeDeclarationSyntax declaration
            || ProxyShapeRules.GetModuleName(context.Attributes) is not { } moduleName
            || ProxyShapeRules.CheckDeclarations(declaration, out _) != ClassIssue.None)
        {
            return null;
        }

        var twinKeys = new HashSet<string>();
        var overloadsByName = new Dictionary<string, int>();
        var methods = new List<ProxyMethodModel>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is not IMethodSymbol method)
            {
                continue;
            }

            overloadsByName.TryGetValue(method.Name, out var index);
            var fieldName = "__SimpleRpc_" + method.Name + "_" + index.ToString(CultureInfo.InvariantCulture);
            if (ProxyMethodExtractor.Extract(method, fieldName, twinKeys, cancellationToken) is { } model)
            {
                overloadsByName[method.Name] = index + 1;
                methods.Add(model);
            }
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(TypeShapes.NamespaceName)
            : string.Empty;
        return new ProxyClassModel(
            type.ToDisplayString(TypeShapes.HintName) + ".g.cs",
            ns,
            new EquatableArray<TypeDeclarationModel>(GetDeclarations(declaration)),
            moduleName,
            ProxyShapeRules.GetModuleVersion(context.Attributes),
            new EquatableArray<ProxyMethodModel>([.. methods]),
            new EquatableArray<RemoteExceptionModel>(GetExceptions(type, cancellationToken)));
    }

    /// <summary>
    /// The exception types nested in the proxy class that stand for the module's own: marked
    /// <c>[RpcRemoteException("…")]</c>, not abstract, derived from <c>RemoteInvocationException</c>
    /// and constructible from one. The first type listed for a remote name wins.
    /// </summary>
    private static RemoteExceptionModel[] GetExceptions(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var exceptions = new List<RemoteExceptionModel>();
        var seen = new HashSet<string>();
        foreach (var nested in type.GetTypeMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remoteType = nested.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == RemoteExceptionAttributeName)
                .Select(a => a.ConstructorArguments.Length == 1 ? a.ConstructorArguments[0].Value as string : null)
                .FirstOrDefault();
            if (remoteType is not { Length: > 0 } || nested.IsAbstract || nested.IsGenericType || !IsRemoteException(nested)
                || !nested.InstanceConstructors.Any(IsRemoteCopyConstructor) || !seen.Add(remoteType))
            {
                continue;
            }

            exceptions.Add(new RemoteExceptionModel(remoteType, nested.ToDisplayString(TypeShapes.FullyQualified)));
        }

        return [.. exceptions];
    }

    private const string RemoteExceptionAttributeName = "SimpleRpc.Client.RpcRemoteExceptionAttribute";
    private const string RemoteInvocationExceptionName = "SimpleRpc.Rpc.RemoteInvocationException";

    private static bool IsRemoteException(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == RemoteInvocationExceptionName)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRemoteCopyConstructor(IMethodSymbol constructor) =>
        constructor.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal
        && constructor.Parameters.Length == 1
        && constructor.Parameters[0].RefKind == RefKind.None
        && constructor.Parameters[0].Type.ToDisplayString() == RemoteInvocationExceptionName;

    /// <summary>The declarations from the outermost type in to <paramref name="declaration"/>, all checked already.</summary>
    private static TypeDeclarationModel[] GetDeclarations(TypeDeclarationSyntax declaration)
    {
        var declarations = new List<TypeDeclarationModel>();
        for (var node = (SyntaxNode?)declaration; node is not null; node = node.Parent)
        {
            if (node is TypeDeclarationSyntax type)
            {
                var modifiers = string.Join(" ", type.Modifiers.Select(modifier => modifier.Text));
                declarations.Add(new TypeDeclarationModel(modifiers, GetKeyword(type), type.Identifier.Text));
            }
        }

        declarations.Reverse();
        return [.. declarations];
    }

    private static string GetKeyword(TypeDeclarationSyntax type) => type switch
    {
        RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
        _ => type.Keyword.Text,
    };
}
