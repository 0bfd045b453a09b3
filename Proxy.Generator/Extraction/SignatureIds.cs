using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SimpleRpc.Client;

namespace SimpleRpc.Proxy.Generator.Extraction;

/// <summary>
/// Computes a function's signature id, which tells overloads apart on the wire, from Roslyn
/// symbols: <c>Find(Guid,int?)</c>. Every part is spelled by <see cref="SignatureId"/>, the source
/// file this project links from Shared/Client, as the server and the stub's discovery do.
/// </summary>
internal static class SignatureIds
{
    /// <summary>The signature id of <paramref name="method"/>, e.g. <c>Find(Guid,int?)</c>.</summary>
    public static string For(IMethodSymbol method) =>
        SignatureId.Of(method.Name, method.Parameters.Where(p => !TypeShapes.IsCancellationToken(p.Type)).Select(p => TypeId(p.Type)));

    /// <summary><paramref name="type"/> as a signature id spells it.</summary>
    public static string TypeId(ITypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None && SignatureId.Keyword(FullName(type)) is { } keyword)
        {
            return keyword;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                // C# writes the outermost rank first: an array of int[,] is int[][,]; read outside in.
                var ranks = new List<int>();
                ITypeSymbol element = array;
                while (element is IArrayTypeSymbol level)
                {
                    ranks.Add(level.Rank);
                    element = level.ElementType;
                }

                return ranks.Aggregate(TypeId(element), SignatureId.Array);
            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                return SignatureId.Nullable(TypeId(nullable.TypeArguments[0]));
            case IDynamicTypeSymbol:
                return SignatureId.Dynamic;
            case INamedTypeSymbol named:
                var shape = named.IsTupleType ? named.TupleUnderlyingType ?? named : named;
                return SignatureId.Named(shape.Name, shape.TypeArguments.Select(TypeId).ToList());
            default:
                return type.Name;
        }
    }

    private static string FullName(ITypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;
}
