using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// Reads a conf file into configuration keys (<c>dashboard:port</c>, <c>keys:0:role</c>) and
/// remembers what configuration keys cannot say: a <c>null</c>, an empty list <c>[]</c> or an
/// empty object <c>{}</c>, which <see cref="ConfBinder"/> sets after binding so that they mean what
/// they meant when the file was read straight into the options (<c>"bannedApis": []</c> bans
/// nothing, <c>"retainedFileCountLimit": null</c> keeps every file).
/// </summary>
public sealed class ConfJson
{
    private readonly List<(string Path, JTokenType Kind)> _empties = [];

    private ConfJson(string source)
    {
        Source = source;
    }

    /// <summary>Where the keys came from (the file's path), for error messages.</summary>
    public string Source { get; }

    /// <summary>Every value, by configuration key.</summary>
    public Dictionary<string, string?> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The keys whose value is <c>null</c>, <c>[]</c> or <c>{}</c> (<see cref="JTokenType.Null"/>, <see cref="JTokenType.Array"/>, <see cref="JTokenType.Object"/>).</summary>
    public IReadOnlyList<(string Path, JTokenType Kind)> Empties => _empties;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ConfException">The file is not JSON, or its top level is not an object.</exception>
    public static ConfJson Read(string path)
    {
        JToken root;
        try
        {
            // Dates and numbers stay as written: the binder converts them with the invariant culture.
            using var reader = new JsonTextReader(File.OpenText(path)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
            root = JToken.ReadFrom(reader);
        }
        catch (JsonException ex)
        {
            throw new ConfException($"{path}: {ex.Message}");
        }

        if (root is not JObject)
        {
            throw new ConfException($"{path}: a conf file holds one JSON object, {{ \"key\": value, … }}.");
        }

        var conf = new ConfJson(path);
        conf.Flatten(root, null);
        return conf;
    }

    private void Flatten(JToken token, string? path)
    {
        switch (token)
        {
            case JObject obj when obj.Count > 0 || path is null:
                foreach (var property in obj.Properties())
                {
                    Flatten(property.Value, path is null ? property.Name : path + ":" + property.Name);
                }

                break;
            case JArray array when array.Count > 0:
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], path + ":" + i.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case JObject or JArray or { Type: JTokenType.Null }:
                _empties.Add((path!, token.Type));
                break;
            case JValue value:
                Values[path!] = value.Type == JTokenType.Boolean ? ((bool)value ? "true" : "false") : Convert.ToString(value.Value, CultureInfo.InvariantCulture);
                break;
        }
    }
}
