using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// Writes a parameter's default value as a C# expression that has the parameter's type
/// (<c>5</c>, <c>1.5</c>, <c>0.5F</c>, <c>"a"</c>, <c>null</c>, <c>default</c>, an enum member).
/// </summary>
internal static class ProxyLiteralFormatter
{
    /// <summary>
    /// Formats <paramref name="value"/> (as <see cref="IParameterSymbol.ExplicitDefaultValue"/> gives
    /// it) for a parameter of type <paramref name="type"/>; <paramref name="formatType"/> spells enum types.
    /// </summary>
    public static string Format(object? value, ITypeSymbol type, Func<ITypeSymbol, string> formatType)
    {
        var underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;
        if (value is null)
        {
            // A struct's only constant is its default; null is for references and Nullable<T>.
            return ReferenceEquals(underlying, type) && type.IsValueType ? "default" : "null";
        }

        if (underlying is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            return FormatEnum(value, enumType, formatType);
        }

        return FormatPrimitive(value);
    }

    /// <summary>Formats a constant of a primitive type so that it keeps its type in C# source.</summary>
    public static string FormatPrimitive(object value) => value switch
    {
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        bool b => b ? "true" : "false",
        float f => FormatFloat(f),
        double d => FormatDouble(d),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",

        // An integer literal takes the smallest integral type that holds it and converts
        // implicitly to the parameter's type, so no integral suffix is needed; double is the
        // type of a literal with a point or exponent, and "R" of 1.0 is "1", which converts too.
        byte or sbyte or short or ushort or int or uint or long or ulong or nint or nuint =>
            ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),

        // Only [DateTimeConstant]-style attribute defaults get here; C# has no literal for them.
        _ => "default",
    };

    private static string FormatEnum(object value, INamedTypeSymbol enumType, Func<ITypeSymbol, string> formatType)
    {
        var typeName = formatType(enumType);
        var member = enumType.GetMembers().OfType<IFieldSymbol>()
            .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value));
        if (member is not null)
        {
            return typeName + "." + ProxyTypeFormatter.Escape(member.Name);
        }

        var number = FormatPrimitive(value);
        return "(" + typeName + ")" + (number.StartsWith('-') ? "(" + number + ")" : number);
    }

    private static string FormatFloat(float value) => value switch
    {
        float.NaN => "float.NaN",
        float.PositiveInfinity => "float.PositiveInfinity",
        float.NegativeInfinity => "float.NegativeInfinity",
        _ => value.ToString("R", CultureInfo.InvariantCulture) + "F",
    };

    private static string FormatDouble(double value) => value switch
    {
        double.NaN => "double.NaN",
        double.PositiveInfinity => "double.PositiveInfinity",
        double.NegativeInfinity => "double.NegativeInfinity",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
