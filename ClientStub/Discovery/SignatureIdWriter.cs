using Microsoft.CodeAnalysis.CSharp.Syntax;
using SimpleRpc.Client;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>
/// Writes a function's signature id, <c>Name(type,type)</c>, from proxy syntax. Every part is
/// spelled by <see cref="SignatureId"/>, the source file this project links from Shared/Client, as
/// the generator (from symbols) and the server (from the loaded module) do. Stateless and thread-safe.
/// </summary>
internal static class SignatureIdWriter
{
    /// <summary>The signature id of <paramref name="function"/>, e.g. <c>Pad(string,int,char)</c>.</summary>
    public static string For(ProxyFunction function, ProxyModule module, ProxyTypeCatalog catalog) =>
        SignatureId.Of(function.Name, function.Parameters.Where(p => !catalog.IsCancellationToken(p.Type, module)).Select(p => TypeId(p.Type, module, catalog)));

    private static string TypeId(TypeSyntax type, ProxyModule module, ProxyTypeCatalog catalog)
    {
        switch (type)
        {
            case PredefinedTypeSyntax predefined:
                return predefined.Keyword.ValueText;
            case NullableTypeSyntax nullable:
                var underlying = TypeId(nullable.ElementType, module, catalog);
                return catalog.IsValueType(nullable.ElementType, module) ? SignatureId.Nullable(underlying) : underlying;
            case ArrayTypeSyntax array:
                return array.RankSpecifiers.Aggregate(TypeId(array.ElementType, module, catalog), (id, rank) => SignatureId.Array(id, rank.Rank));
            case TupleTypeSyntax tuple:
                return SignatureId.Named(SignatureId.Tuple, [.. tuple.Elements.Select(e => TypeId(e.Type, module, catalog))]);
            case NameSyntax name when catalog.Resolve(name, module) is { } resolved:
                if (resolved.FullName == "System.Nullable`1")
                {
                    return SignatureId.Nullable(TypeId(resolved.TypeArguments[0], module, catalog));
                }

                if (SignatureId.Keyword(resolved.FullName) is { } keyword)
                {
                    return keyword;
                }

                return SignatureId.Named(resolved.SimpleName == "dynamic" ? SignatureId.Dynamic : resolved.SimpleName, [.. resolved.TypeArguments.Select(a => TypeId(a, module, catalog))]);
            default:
                return type.ToString();
        }
    }
}
