using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>
/// Writes a function's signature id, <c>Name(type,type)</c>, from proxy syntax, by the rules in
/// the remarks of <c>SimpleRpc.Client.RpcMethod</c> (which the generator and the server follow from
/// symbols): no <c>CancellationToken</c>, C# keywords for built-in types, <c>T?</c> only for
/// nullable value types, arrays as written, <c>Name&lt;A,B&gt;</c> for generic types, simple names
/// otherwise. Stateless and thread-safe.
/// </summary>
internal static class SignatureIdWriter
{
    /// <summary>The signature id of <paramref name="function"/>, e.g. <c>Pad(string,int,char)</c>.</summary>
    public static string For(ProxyFunction function, ProxyModule module, ProxyTypeCatalog catalog)
    {
        var wire = function.Parameters.Where(p => !catalog.IsCancellationToken(p.Type, module));
        var text = new StringBuilder(function.Name).Append('(');
        var first = true;
        foreach (var parameter in wire)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            Append(text, parameter.Type, module, catalog);
        }

        return text.Append(')').ToString();
    }

    private static void Append(StringBuilder text, TypeSyntax type, ProxyModule module, ProxyTypeCatalog catalog)
    {
        switch (type)
        {
            case PredefinedTypeSyntax predefined:
                text.Append(predefined.Keyword.ValueText);
                break;
            case NullableTypeSyntax nullable:
                Append(text, nullable.ElementType, module, catalog);
                if (catalog.IsValueType(nullable.ElementType, module))
                {
                    text.Append('?');
                }

                break;
            case ArrayTypeSyntax array:
                Append(text, array.ElementType, module, catalog);
                foreach (var rank in array.RankSpecifiers)
                {
                    text.Append('[').Append(',', rank.Rank - 1).Append(']');
                }

                break;
            case TupleTypeSyntax tuple:
                AppendGeneric(text, "ValueTuple", tuple.Elements.Select(e => e.Type).ToList(), module, catalog);
                break;
            case NameSyntax name when catalog.Resolve(name, module) is { } resolved:
                if (resolved.FullName == "System.Nullable`1")
                {
                    Append(text, resolved.TypeArguments[0], module, catalog);
                    text.Append('?');
                }
                else
                {
                    AppendGeneric(text, resolved.SimpleName == "dynamic" ? "object" : resolved.SimpleName, resolved.TypeArguments, module, catalog);
                }

                break;
            default:
                text.Append(type.ToString());
                break;
        }
    }

    private static void AppendGeneric(StringBuilder text, string name, IReadOnlyList<TypeSyntax> arguments, ProxyModule module, ProxyTypeCatalog catalog)
    {
        text.Append(name);
        if (arguments.Count == 0)
        {
            return;
        }

        text.Append('<');
        for (var i = 0; i < arguments.Count; i++)
        {
            text.Append(i > 0 ? "," : string.Empty);
            Append(text, arguments[i], module, catalog);
        }

        text.Append('>');
    }
}
