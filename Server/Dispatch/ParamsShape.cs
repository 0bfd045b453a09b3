using System.Text.Json;
using Newtonsoft.Json;
using SimpleRpc.Serialization;

namespace SimpleRpc.Server.Dispatch;

/// <summary>How many values a call's params carry, and their names when they are named.</summary>
internal sealed class ParamsShape
{
    private ParamsShape(bool isNamed, int count, IReadOnlyList<string> names)
    {
        IsNamed = isNamed;
        Count = count;
        Names = names;
    }

    public bool IsNamed { get; }

    public int Count { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Scans the top level of <paramref name="paramsJson"/> without materialising values.</summary>
    public static ParamsShape Read(string? paramsJson)
    {
        if (paramsJson is null)
        {
            return new ParamsShape(false, 0, []);
        }

        using var reader = new JsonTextReader(new StringReader(paramsJson)) { MaxDepth = null, DateParseHandling = DateParseHandling.None, ArrayPool = JsonCharPool.Instance };
        reader.Read();
        var named = reader.TokenType == JsonToken.StartObject;
        var names = new List<string>();
        var count = 0;
        while (reader.Read() && reader.TokenType is not (JsonToken.EndArray or JsonToken.EndObject))
        {
            if (named)
            {
                names.Add((string)reader.Value!);
                reader.Read();
            }

            reader.Skip();
            count++;
        }

        return new ParamsShape(named, count, names);
    }

    /// <summary>
    /// Scans the top level of <paramref name="paramsUtf8"/> (params as they arrived: the envelope's
    /// reader already checked they are well-formed JSON) without decoding a single value.
    /// </summary>
    public static ParamsShape Read(ReadOnlyMemory<byte> paramsUtf8)
    {
        // The connection already refused messages nested deeper than maxJsonDepth.
        var reader = new Utf8JsonReader(paramsUtf8.Span, new JsonReaderOptions { MaxDepth = int.MaxValue });
        reader.Read();
        var named = reader.TokenType == JsonTokenType.StartObject;
        var names = named ? new List<string>() : null;
        var count = 0;
        while (reader.Read() && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
        {
            if (named)
            {
                names!.Add(reader.GetString()!);
                reader.Read();
            }

            reader.Skip();
            count++;
        }

        return new ParamsShape(named, count, names is null ? [] : names);
    }

    /// <summary>True when <paramref name="function"/> can take these params.</summary>
    public bool Fits(ModuleFunction function)
    {
        var parameters = function.WireParameters;
        if (Count > parameters.Count)
        {
            return false;
        }

        if (IsNamed)
        {
            var indexes = Names.Select(n => ArgumentBinder.IndexOf(parameters, n)).ToList();
            if (indexes.Contains(-1) || indexes.Distinct().Count() != indexes.Count)
            {
                return false;
            }

            return parameters.Select((p, i) => indexes.Contains(i) || p.HasDefaultValue).All(ok => ok);
        }

        for (var i = Count; i < parameters.Count; i++)
        {
            if (!parameters[i].HasDefaultValue)
            {
                return false;
            }
        }

        return true;
    }

    public string Describe() => IsNamed ? "the named params (" + string.Join(", ", Names) + ")" : Count + " positional params";
}
