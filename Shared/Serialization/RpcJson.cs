using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace SimpleRpc.Serialization;

/// <summary>
/// The one set of Newtonsoft.Json settings that every part of SimpleRpc uses. Never reads the
/// library's global defaults (BannedSymbols.txt bans the APIs that do).
/// </summary>
public static class RpcJson
{
    /// <summary>The deepest JSON nesting any SimpleRpc reader accepts.</summary>
    public const int MaxDepth = 64;

    /// <summary>The shared settings: no type names on the wire, camelCase members, ISO dates kept as written.</summary>
    public static JsonSerializerSettings Settings { get; } = CreateSettings();

    /// <summary>A serializer built from <see cref="Settings"/>; safe to share between threads.</summary>
    public static JsonSerializer Serializer { get; } = JsonSerializer.Create(Settings);

    /// <summary>Creates a fresh settings object with SimpleRpc's defaults.</summary>
    public static JsonSerializerSettings CreateSettings() => new()
    {
        TypeNameHandling = TypeNameHandling.None,
        MetadataPropertyHandling = MetadataPropertyHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
        DateTimeZoneHandling = DateTimeZoneHandling.RoundtripKind,
        FloatParseHandling = FloatParseHandling.Double,
        Culture = CultureInfo.InvariantCulture,
        MaxDepth = MaxDepth,
        NullValueHandling = NullValueHandling.Include,
        Formatting = Formatting.None,
        ContractResolver = new DefaultContractResolver { NamingStrategy = new CamelCaseNamingStrategy() },
    };

    /// <summary>Serializes <paramref name="value"/> to compact JSON text.</summary>
    public static string Serialize(object? value)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(text, value);
        return text.ToString();
    }

    /// <summary>Serializes <paramref name="value"/> to compact JSON as UTF-8, with no string between.</summary>
    public static byte[] SerializeUtf8(object? value)
    {
        using var text = new Utf8TextWriter();
        Write(text, value);
        return text.ToArray();
    }

    private static void Write(TextWriter text, object? value)
    {
        using var writer = new JsonTextWriter(text) { ArrayPool = JsonCharPool.Instance, Formatting = Formatting.None, CloseOutput = false };
        Serializer.Serialize(writer, value);
    }

    /// <summary>Reads the UTF-8 JSON <paramref name="utf8"/> as <typeparamref name="T"/>, with no string of the whole of it.</summary>
    /// <exception cref="JsonException">The text is not valid JSON for the type.</exception>
    public static T? Deserialize<T>(ReadOnlyMemory<byte> utf8) => (T?)Read(new Utf8TextReader(utf8), typeof(T));

    /// <summary>Reads <paramref name="json"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="JsonException">The text is not valid JSON for the type.</exception>
    public static T? Deserialize<T>(string json) => (T?)Deserialize(json, typeof(T));

    /// <summary>Reads <paramref name="json"/> as <paramref name="type"/>.</summary>
    public static object? Deserialize(string json, Type type) => Read(new StringReader(json), type);

    private static object? Read(TextReader text, Type type)
    {
        using var reader = new JsonTextReader(text) { MaxDepth = MaxDepth, DateParseHandling = DateParseHandling.None, ArrayPool = JsonCharPool.Instance };
        var value = Serializer.Deserialize(reader, type);
        if (reader.Read())
        {
            throw new JsonReaderException($"Unexpected content after the JSON value at position {reader.LinePosition}.");
        }

        return value;
    }
}
