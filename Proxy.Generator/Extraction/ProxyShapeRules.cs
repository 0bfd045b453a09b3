using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SimpleRpc.Proxy.Generator.Extraction;

/// <summary>
/// What the generator can implement. The extract stage skips what fails these rules and
/// <see cref="Analysis.ProxyContractAnalyzer"/> reports it, so the two never disagree.
/// </summary>
internal static class ProxyShapeRules
{
    /// <summary>The module name the attributes give, or null when none gives a non-empty one.</summary>
    public static string? GetModuleName(IEnumerable<AttributeData> attributes) =>
        attributes
            .Where(attribute => attribute.ConstructorArguments.Length == 1)
            .Select(attribute => attribute.ConstructorArguments[0].Value as string)
            .FirstOrDefault(name => !string.IsNullOrEmpty(name));

    /// <summary>The <c>Version</c> the attributes give, or 0 when none does.</summary>
    public static int GetModuleVersion(IEnumerable<AttributeData> attributes) =>
        attributes
            .SelectMany(attribute => attribute.NamedArguments)
            .Where(argument => argument.Key == "Version" && argument.Value.Value is int)
            .Select(argument => (int)argument.Value.Value!)
            .FirstOrDefault();

    /// <summary>
    /// The version of <c>[SimpleRpc.Client.RpcRemoved(version)]</c> on <paramref name="method"/> (matched
    /// by name, as the marker is), or 0 when it has none: the module removed the function.
    /// </summary>
    public static int GetRemovedIn(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { MetadataName: "RpcRemovedAttribute", ContainingType: null } type
                && type.ContainingNamespace?.ToDisplayString() == "SimpleRpc.Client"
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is int version)
            {
                return version;
            }
        }

        return 0;
    }

    /// <summary>
    /// Checks <paramref name="declaration"/> and every type declaration containing it, innermost
    /// first, since the generator must reopen them all; <paramref name="offender"/> is the first that fails.
    /// </summary>
    public static ClassIssue CheckDeclarations(TypeDeclarationSyntax declaration, out TypeDeclarationSyntax? offender)
    {
        for (var node = (SyntaxNode?)declaration; node is not null; node = node.Parent)
        {
            if (node is TypeDeclarationSyntax type && CheckDeclaration(type) is var issue and not ClassIssue.None)
            {
                offender = type;
                return issue;
            }
        }

        offender = null;
        return ClassIssue.None;
    }

    /// <summary>Checks one type declaration that the generator would reopen.</summary>
    public static ClassIssue CheckDeclaration(TypeDeclarationSyntax type) =>
        !type.Modifiers.Any(SyntaxKind.PartialKeyword) ? ClassIssue.NotPartial
        : type.TypeParameterList is not null ? ClassIssue.Generic
        : type.Modifiers.Any(SyntaxKind.FileKeyword) ? ClassIssue.FileLocal
        : ClassIssue.None;

    /// <summary>Whether the generator implements <paramref name="method"/>, and if not, why.</summary>
    public static MethodCheck CheckMethod(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || !method.IsPartialDefinition || method.PartialImplementationPart is not null)
        {
            return new MethodCheck(MethodIssue.NotAFunction);
        }

        if (method.IsGenericMethod)
        {
            return new MethodCheck(MethodIssue.GenericMethod);
        }

        if (method.IsVararg)
        {
            return new MethodCheck(MethodIssue.Varargs);
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return new MethodCheck(MethodIssue.RefReturn);
        }

        if (!method.ReturnsVoid && TypeShapes.FindUnsupported(method.ReturnType) is { } returnPart)
        {
            return new MethodCheck(IssueOf(returnPart), Type: returnPart);
        }

        IParameterSymbol? token = null;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                return new MethodCheck(MethodIssue.RefParameter, parameter);
            }

            if (TypeShapes.FindUnsupported(parameter.Type) is { } part)
            {
                return new MethodCheck(IssueOf(part), parameter, part);
            }

            if (TypeShapes.IsCancellationToken(parameter.Type))
            {
                if (token is not null)
                {
                    return new MethodCheck(MethodIssue.SeveralTokens, parameter);
                }

                token = parameter;
            }
        }

        return new MethodCheck(MethodIssue.None);
    }

    private static MethodIssue IssueOf(ITypeSymbol unsupported) =>
        unsupported.TypeKind == TypeKind.Error ? MethodIssue.ErrorType : MethodIssue.UnsupportedType;
}
