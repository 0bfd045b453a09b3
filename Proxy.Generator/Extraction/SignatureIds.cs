using System.Text;
using Microsoft.CodeAnalysis;

namespace SimpleRpc.Proxy.Generator.Extraction;

/// <summary>
/// Computes a function's signature id, which tells overloads apart on the wire:
/// <c>Name(type,type)</c>, following the rules in the remarks of <c>SimpleRpc.Client.RpcMethod</c>.
/// </summary>
/// <remarks>
/// Parameters count in order, without <c>CancellationToken</c>s; built-in types are C# keywords,
/// <c>Nullable&lt;T&gt;</c> is <c>T?</c>, arrays keep their C# spelling (<c>T[]</c>, <c>T[][]</c>,
/// <c>T[,]</c>), generic types are <c>Name&lt;A,B&gt;</c>, and every other type is its simple name,
/// without namespace or containing type. Nullable reference annotations and <c>params</c> do not
/// count, and there are no spaces. <c>dynamic</c> is <c>object</c>, as the runtime sees it.
/// </remarks>
internal static class SignatureIds
{
    /// <summary>The signature id of <paramref name="method"/>, e.g. <c>Find(Guid,int?)</c>.</summary>
    public static string For(IMethodSymbol method)
    {
        var text = new StringBuilder(method.Name).Append('(');
        var first = true;
        foreach (var parameter in method.Parameters)
        {
            if (TypeShapes.IsCancellationToken(parameter.Type))
            {
                continue;
            }

            if (!first)
            {
                text.Append(',');
            }

            first = false;
            AppendType(text, parameter.Type);
        }

        return text.Append(')').ToString();
    }

    /// <summary>Appends <paramref name="type"/> as a signature id spells it.</summary>
    public static void AppendType(StringBuilder text, ITypeSymbol type)
    {
        if (Keyword(type.SpecialType) is { } keyword)
        {
            text.Append(keyword);
            return;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                AppendArray(text, array);
                return;
            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                AppendType(text, nullable.TypeArguments[0]);
                text.Append('?');
                return;
            case IDynamicTypeSymbol:
                text.Append("object");
                return;
            case INamedTypeSymbol named:
                AppendNamed(text, named.IsTupleType ? named.TupleUnderlyingType ?? named : named);
                return;
            default:
                text.Append(type.Name);
                return;
        }
    }

    private static void AppendArray(StringBuilder text, IArrayTypeSymbol array)
    {
        // C# writes the outermost rank first: an array of int[,] is int[][,]; read outside in.
        var ranks = new StringBuilder();
        ITypeSymbol element = array;
        while (element is IArrayTypeSymbol level)
        {
            ranks.Append('[').Append(',', level.Rank - 1).Append(']');
            element = level.ElementType;
        }

        AppendType(text, element);
        text.Append(ranks);
    }

    private static void AppendNamed(StringBuilder text, INamedTypeSymbol named)
    {
        text.Append(named.Name);
        if (named.TypeArguments.Length == 0)
        {
            return;
        }

        text.Append('<');
        for (var i = 0; i < named.TypeArguments.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            AppendType(text, named.TypeArguments[i]);
        }

        text.Append('>');
    }

    private static string? Keyword(SpecialType type) => type switch
    {
        SpecialType.System_Boolean => "bool",
        SpecialType.System_Byte => "byte",
        SpecialType.System_SByte => "sbyte",
        SpecialType.System_Int16 => "short",
        SpecialType.System_UInt16 => "ushort",
        SpecialType.System_Int32 => "int",
        SpecialType.System_UInt32 => "uint",
        SpecialType.System_Int64 => "long",
        SpecialType.System_UInt64 => "ulong",
        SpecialType.System_Single => "float",
        SpecialType.System_Double => "double",
        SpecialType.System_Decimal => "decimal",
        SpecialType.System_Char => "char",
        SpecialType.System_String => "string",
        SpecialType.System_Object => "object",
        _ => null,
    };
}
