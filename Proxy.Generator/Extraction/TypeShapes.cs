using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SimpleRpc.Proxy.Generator.Models;

namespace SimpleRpc.Proxy.Generator.Extraction;

/// <summary>Questions about types and names that the extract stage asks of symbols.</summary>
internal static class TypeShapes
{
    /// <summary><c>global::</c>-qualified names with keywords for special types and <c>?</c> annotations.</summary>
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Qualified names without <c>global::</c> or escaping, for hint names.</summary>
    public static readonly SymbolDisplayFormat HintName = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.None);

    /// <summary>Qualified namespace names without <c>global::</c>, keywords escaped.</summary>
    public static readonly SymbolDisplayFormat NamespaceName = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    /// <summary>Returns <paramref name="name"/> with an <c>@</c> when it is a reserved keyword.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    /// <summary>Whether <paramref name="type"/> is <c>System.Threading.CancellationToken</c>.</summary>
    public static bool IsCancellationToken(ITypeSymbol type) =>
        type.ToDisplayString(FullyQualified) == "global::System.Threading.CancellationToken";

    /// <summary>
    /// Whether a value of <paramref name="type"/> can travel in an <c>object?[]</c> or a
    /// <c>Task&lt;T&gt;</c>: no error types, pointers, ref structs or type parameters anywhere in it.
    /// </summary>
    public static bool IsSupported(ITypeSymbol type) => FindUnsupported(type) is null;

    /// <summary>
    /// The first part of <paramref name="type"/> (itself, an element or a type argument) that
    /// cannot travel as a value, or null when every part can.
    /// </summary>
    public static ITypeSymbol? FindUnsupported(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return FindUnsupported(array.ElementType);
            case INamedTypeSymbol named when named.TypeKind != TypeKind.Error && !named.IsRefLikeType:
                foreach (var argument in named.TypeArguments)
                {
                    if (FindUnsupported(argument) is { } part)
                    {
                        return part;
                    }
                }

                return null;
            case IDynamicTypeSymbol:
                return null;
            default:
                return type;
        }
    }

    /// <summary>
    /// Classifies <paramref name="method"/>'s return type and gives the <c>T</c> the runtime call
    /// returns (null for void, <c>Task</c> and <c>ValueTask</c>).
    /// </summary>
    public static ProxyReturnKind GetReturnKind(IMethodSymbol method, out ITypeSymbol? result)
    {
        result = null;
        if (method.ReturnsVoid)
        {
            return ProxyReturnKind.Void;
        }

        if (method.ReturnType is INamedTypeSymbol named
            && named.ContainingNamespace?.ToDisplayString(NamespaceName) == "System.Threading.Tasks")
        {
            switch (named.MetadataName)
            {
                case "Task":
                    return ProxyReturnKind.Task;
                case "ValueTask":
                    return ProxyReturnKind.ValueTask;
                case "Task`1":
                    result = named.TypeArguments[0];
                    return ProxyReturnKind.TaskOfT;
                case "ValueTask`1":
                    result = named.TypeArguments[0];
                    return ProxyReturnKind.ValueTaskOfT;
            }
        }

        result = method.ReturnType;
        return ProxyReturnKind.Value;
    }

    /// <summary>The C# keywords for <paramref name="accessibility"/>.</summary>
    public static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
