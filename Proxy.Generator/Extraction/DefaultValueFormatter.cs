using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SimpleRpc.Proxy.Generator.Extraction;

/// <summary>
/// Writes a parameter's default value as a C# expression that means the same in a file with no
/// usings: literals carry their suffix and enum members their <c>global::</c> type.
/// </summary>
internal static class DefaultValueFormatter
{
    /// <summary>The default of <paramref name="parameter"/>, or null when it has none.</summary>
    public static string? Format(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return null;
        }

        var type = parameter.Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
            if (parameter.ExplicitDefaultValue is null)
            {
                return "null";
            }
        }

        var value = parameter.ExplicitDefaultValue;
        if (value is null)
        {
            return type.IsReferenceType ? "null" : "default";
        }

        return type.TypeKind == TypeKind.Enum ? FormatEnum((INamedTypeSymbol)type, value) : FormatPrimitive(value);
    }

    private static string FormatEnum(INamedTypeSymbol type, object value)
    {
        var typeName = type.ToDisplayString(TypeShapes.FullyQualified);
        var member = type.GetMembers()
            .OfType<IFieldSymbol>()
            .FirstOrDefault(field => field.HasConstantValue && Equals(field.ConstantValue, value));
        if (member is not null)
        {
            return typeName + "." + TypeShapes.Escape(member.Name);
        }

        var number = FormatPrimitive(value);
        return number.StartsWith("-", System.StringComparison.Ordinal)
            ? "(" + typeName + ")(" + number + ")"
            : "(" + typeName + ")" + number;
    }

    private static string FormatPrimitive(object value) => value switch
    {
        bool b => b ? "true" : "false",
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        float f => FormatFloat(f),
        double d => FormatDouble(d),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
        uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "default",
    };

    private static string FormatFloat(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsInfinity(value))
        {
            return value > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "F";
    }

    private static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "D";
    }
}
