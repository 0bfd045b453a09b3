using Microsoft.CodeAnalysis.CSharp.Syntax;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>Named types: a module's data types, the .NET types that travel as strings, collections and enums.</summary>
internal sealed partial class JsonSchemaMapper
{
    private const string TimeSpanPattern = @"^-?(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d{1,7})?$";

    private JObject MapName(ResolvedTypeName name, ProxyModule current)
    {
        if (name is { Module: { } module, DataType: { } dataType })
        {
            return new JObject { ["$ref"] = SchemaRefPrefix + SchemaName(module, dataType) };
        }

        var arguments = name.TypeArguments;
        var known = name.FullName switch
        {
            "System.Guid" => Format("uuid"),
            "System.DateTime" or "System.DateTimeOffset" => Format("date-time"),
            "System.DateOnly" => Format("date"),
            "System.TimeOnly" => Pattern(@"^\d{2}:\d{2}:\d{2}(\.\d{1,7})?$", "A time of day, HH:mm:ss[.fffffff]."),
            "System.TimeSpan" => Pattern(TimeSpanPattern, "A .NET TimeSpan as it prints: [-][d.]hh:mm:ss[.fffffff] (not an ISO 8601 duration)."),
            "System.Uri" => Format("uri-reference"),
            "System.String" or "System.Char" => new JObject { ["type"] = "string" },
            "System.Boolean" => new JObject { ["type"] = "boolean" },
            "System.Numerics.BigInteger" => new JObject { ["type"] = "integer" },
            "System.Object" => new JObject(),
            "System.Nullable`1" => AllowNull(Map(arguments[0], current)),
            "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask" => new JObject { ["type"] = "null" },
            "System.Threading.Tasks.Task`1" or "System.Threading.Tasks.ValueTask`1" => Map(arguments[0], current),
            "System.Collections.Generic.KeyValuePair`2" => new JObject
            {
                ["type"] = "object",
                ["properties"] = new JObject { ["key"] = Map(arguments[0], current), ["value"] = Map(arguments[1], current) },
                ["required"] = new JArray("key", "value"),
            },
            _ when IsCollection(name) => Collection(name, current),
            _ when IsDictionary(name) => new JObject { ["type"] = "object", ["additionalProperties"] = Map(arguments[1], current) },
            _ => null,
        };
        return known ?? (ClrTypes.Find(name.FullName) is { IsEnum: true } enumType ? ClrEnum(enumType) : Unknown(name.FullName));
    }

    private static bool IsCollection(ResolvedTypeName name) => name.TypeArguments.Count == 1 && name.SimpleName is
        "List" or "IList" or "IReadOnlyList" or "ICollection" or "IReadOnlyCollection" or "IEnumerable" or "Collection"
        or "ReadOnlyCollection" or "HashSet" or "ISet" or "IReadOnlySet" or "SortedSet" or "Queue" or "Stack" or "LinkedList"
        or "ImmutableArray" or "ImmutableList" or "IImmutableList" or "ImmutableHashSet" or "ConcurrentBag";

    private static bool IsDictionary(ResolvedTypeName name) => name.TypeArguments.Count == 2 && name.SimpleName is
        "Dictionary" or "IDictionary" or "IReadOnlyDictionary" or "SortedDictionary" or "SortedList" or "ConcurrentDictionary"
        or "ImmutableDictionary" or "IImmutableDictionary" or "ReadOnlyDictionary" or "FrozenDictionary";

    private JObject Collection(ResolvedTypeName name, ProxyModule current)
    {
        var schema = new JObject { ["type"] = "array", ["items"] = Map(name.TypeArguments[0], current) };
        if (name.SimpleName.EndsWith("Set", StringComparison.Ordinal))
        {
            schema["uniqueItems"] = true;
        }

        return schema;
    }

    /// <summary>
    /// An enum travels as its underlying number (RpcJson has no StringEnumConverter); a member's name
    /// is accepted on input. The names ride along in <c>x-enum-varnames</c>, in step with <c>enum</c>.
    /// </summary>
    public static JObject EnumSchema(IReadOnlyList<KeyValuePair<string, JValue>> members, bool isFlags, string title)
    {
        var schema = new JObject { ["title"] = title, ["type"] = "integer" };
        var known = members.Where(m => m.Value.Type == JTokenType.Integer).ToList();
        var listing = string.Join(", ", known.Select(m => m.Key + " = " + m.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (isFlags)
        {
            schema["description"] = "Flags: a sum of " + listing + "; travels as a number.";
            return schema;
        }

        schema["enum"] = new JArray(known.Select(m => m.Value.DeepClone()));
        schema["x-enum-varnames"] = new JArray(known.Select(m => m.Key));
        schema["description"] = listing + ". Travels as the number; a member's name as a string is accepted on input.";
        return schema;
    }

    private static JObject ClrEnum(Type enumType)
    {
        var members = Enum.GetNames(enumType)
            .Select(n => new KeyValuePair<string, JValue>(n, new JValue(Convert.ChangeType(Enum.Parse(enumType, n), Enum.GetUnderlyingType(enumType), System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();
        return EnumSchema(members, enumType.IsDefined(typeof(FlagsAttribute), false), enumType.FullName ?? enumType.Name);
    }

    private static JObject Format(string format) => new() { ["type"] = "string", ["format"] = format };

    private static JObject Pattern(string pattern, string description) => new()
    {
        ["type"] = "string",
        ["pattern"] = pattern,
        ["description"] = description,
    };
}
