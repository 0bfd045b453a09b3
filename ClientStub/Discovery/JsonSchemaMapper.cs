using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>
/// Maps a C# type as a proxy spells it to the JSON Schema (draft 7, as OpenRPC 1.3 uses) of its
/// value on the wire, following how <c>RpcJson</c> writes values: camelCase members, enums as
/// numbers, dates as ISO 8601 strings, <c>TimeSpan</c> as <c>[-][d.]hh:mm:ss[.fffffff]</c>,
/// <c>byte[]</c> as base64. A module's data type becomes a <c>$ref</c> to
/// <c>#/components/schemas/&lt;module&gt;.&lt;Type&gt;</c>. Thread-safe.
/// </summary>
internal sealed partial class JsonSchemaMapper(ProxyTypeCatalog catalog)
{
    /// <summary>The prefix of every data type's reference.</summary>
    public const string SchemaRefPrefix = "#/components/schemas/";

    /// <summary>The catalog names are resolved in.</summary>
    public ProxyTypeCatalog Catalog { get; } = catalog;

    /// <summary>The key of <paramref name="type"/> in <c>components/schemas</c>: <c>geometry.Point</c>.</summary>
    public static string SchemaName(ProxyModule module, ProxyDataType type) => module.Name + "." + type.Name;

    /// <summary>The schema of a value of <paramref name="type"/>, written in <paramref name="current"/>'s proxy.</summary>
    public JObject Map(TypeSyntax type, ProxyModule current) => type switch
    {
        PredefinedTypeSyntax predefined => Predefined(predefined.Keyword.Kind()),
        NullableTypeSyntax nullable => AllowNull(Map(nullable.ElementType, current)),
        ArrayTypeSyntax array => MapArray(array, current),
        TupleTypeSyntax tuple => MapTuple(tuple, current),
        NameSyntax name => MapName(Catalog.Resolve(name, current), current),
        _ => Unknown(type.ToString()),
    };

    /// <summary>
    /// <paramref name="schema"/> widened to accept <c>null</c>: a <c>"type"</c> gains <c>"null"</c>
    /// (and an <c>enum</c> gains <c>null</c>); a <c>$ref</c> is wrapped in <c>oneOf</c>, because
    /// draft 7 ignores the siblings of <c>$ref</c>.
    /// </summary>
    public static JObject AllowNull(JObject schema)
    {
        if (schema.Count == 0 || schema["description"] is not null && schema.Count == 1)
        {
            return schema;
        }

        if (schema["$ref"] is not null || schema["type"] is null)
        {
            return new JObject { ["oneOf"] = new JArray(schema, new JObject { ["type"] = "null" }) };
        }

        var widened = (JObject)schema.DeepClone();
        widened["type"] = widened["type"] is JArray types ? new JArray(types.Append("null")) : new JArray(widened["type"]!, "null");
        if (widened["enum"] is JArray values)
        {
            values.Add(JValue.CreateNull());
        }

        return widened;
    }

    private static JObject Predefined(SyntaxKind keyword) => keyword switch
    {
        SyntaxKind.BoolKeyword => Type("boolean"),
        SyntaxKind.StringKeyword => Type("string"),
        SyntaxKind.CharKeyword => new JObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 1 },
        SyntaxKind.ByteKeyword => Integer("int32", byte.MinValue, byte.MaxValue),
        SyntaxKind.SByteKeyword => Integer("int32", sbyte.MinValue, (ulong)sbyte.MaxValue),
        SyntaxKind.ShortKeyword => Integer("int32", short.MinValue, (ulong)short.MaxValue),
        SyntaxKind.UShortKeyword => Integer("int32", ushort.MinValue, ushort.MaxValue),
        SyntaxKind.IntKeyword => Integer("int32", null, null),
        SyntaxKind.UIntKeyword => Integer("int64", uint.MinValue, uint.MaxValue),
        SyntaxKind.LongKeyword => Integer("int64", null, null),
        SyntaxKind.ULongKeyword => Integer("int64", 0, ulong.MaxValue),
        SyntaxKind.FloatKeyword => new JObject { ["type"] = "number", ["format"] = "float" },
        SyntaxKind.DoubleKeyword => new JObject { ["type"] = "number", ["format"] = "double" },
        SyntaxKind.DecimalKeyword => new JObject
        {
            ["type"] = "number",
            ["format"] = "decimal",
            ["description"] = "A .NET decimal: a JSON number, written with its scale (12.50) and read exactly, up to 28 significant digits.",
        },
        SyntaxKind.VoidKeyword => Type("null"),
        _ => new JObject(),
    };

    private JObject MapArray(ArrayTypeSyntax array, ProxyModule current)
    {
        // Newtonsoft writes byte[] as one base64 string, and a multi-dimensional array as nested
        // arrays; the innermost rank specifier is the last one.
        var ranks = array.RankSpecifiers.Select(r => r.Rank).ToList();
        JObject schema;
        if (array.ElementType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.ByteKeyword } && ranks[^1] == 1)
        {
            schema = new JObject { ["type"] = "string", ["contentEncoding"] = "base64" };
            ranks.RemoveAt(ranks.Count - 1);
        }
        else
        {
            schema = Map(array.ElementType, current);
        }

        foreach (var rank in Enumerable.Reverse(ranks))
        {
            for (var level = 0; level < rank; level++)
            {
                schema = new JObject { ["type"] = "array", ["items"] = schema };
            }
        }

        return schema;
    }

    // Newtonsoft writes a ValueTuple's fields Item1…ItemN; element names exist only in C#.
    private JObject MapTuple(TupleTypeSyntax tuple, ProxyModule current)
    {
        var properties = new JObject();
        for (var i = 0; i < tuple.Elements.Count; i++)
        {
            properties["item" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = Map(tuple.Elements[i].Type, current);
        }

        return new JObject { ["type"] = "object", ["properties"] = properties, ["required"] = new JArray(properties.Properties().Select(p => p.Name)) };
    }

    private static JObject Type(string type) => new() { ["type"] = type };

    private static JObject Integer(string format, long? minimum, ulong? maximum)
    {
        var schema = new JObject { ["type"] = "integer", ["format"] = format };
        if (minimum is { } min)
        {
            schema["minimum"] = min;
        }

        if (maximum is { } max)
        {
            schema["maximum"] = max;
        }

        return schema;
    }

    private static JObject Unknown(string csharp) => new()
    {
        ["description"] = "A value of the C# type " + csharp.Replace("global::", string.Empty, StringComparison.Ordinal) + ", as Newtonsoft.Json writes it.",
    };
}
