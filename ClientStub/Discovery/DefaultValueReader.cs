using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>
/// Reads a default value from a proxy as the JSON value it stands for: literals, negative numbers,
/// <c>null</c>, and enum members (as their numbers, as enums travel). Anything else (<c>default</c>,
/// <c>double.NaN</c>) has no JSON spelling here and is left out. Stateless and thread-safe.
/// </summary>
internal static class DefaultValueReader
{
    /// <summary>Whether <paramref name="value"/> has a JSON spelling, and that spelling.</summary>
    public static bool TryRead(ExpressionSyntax value, ProxyTypeCatalog catalog, ProxyModule current, out JToken json)
    {
        json = JValue.CreateNull();
        switch (value)
        {
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.DefaultLiteralExpression }:
                return false;
            case LiteralExpressionSyntax literal:
                json = literal.Token.Value switch
                {
                    null => JValue.CreateNull(),
                    char c => new JValue(c.ToString()),
                    float f => new JValue((double)f),
                    var other => new JValue(other),
                };
                return true;
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax { Token.Value: { } number } }:
                json = number switch
                {
                    double d => new JValue(-d),
                    float f => new JValue(-(double)f),
                    decimal m => new JValue(-m),
                    _ => new JValue((long)-Convert.ToDecimal(number, CultureInfo.InvariantCulture)),
                };
                return true;
            case CastExpressionSyntax cast:
                return TryRead(cast.Expression, catalog, current, out json);
            case ParenthesizedExpressionSyntax parenthesized:
                return TryRead(parenthesized.Expression, catalog, current, out json);
            case MemberAccessExpressionSyntax member when EnumMember(member, catalog, current) is { } number:
                json = number;
                return true;
            default:
                return false;
        }
    }

    private static JValue? EnumMember(MemberAccessExpressionSyntax member, ProxyTypeCatalog catalog, ProxyModule current)
    {
        if (SyntaxFactory.ParseName(member.Expression.ToString()) is not { ContainsDiagnostics: false } typeName)
        {
            return null;
        }

        var resolved = catalog.Resolve(typeName, current);
        var name = member.Name.Identifier.ValueText;
        if (resolved.DataType is { Kind: ProxyDataKind.Enum } enumType)
        {
            return (JValue?)enumType.EnumValues.FirstOrDefault(v => v.Key == name).Value?.DeepClone();
        }

        return ClrTypes.Find(resolved.FullName) is { IsEnum: true } clrEnum && Enum.TryParse(clrEnum, name, out var parsed)
            ? new JValue(Convert.ChangeType(parsed, Enum.GetUnderlyingType(clrEnum), CultureInfo.InvariantCulture))
            : null;
    }
}
