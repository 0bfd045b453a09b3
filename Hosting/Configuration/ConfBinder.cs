using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// Builds a program's options from three layers, each over the one before: the conf file, then
/// environment variables <c>SIMPLERPC_&lt;KEY&gt;</c> (a section's key joined with <c>__</c>:
/// <c>SIMPLERPC_DASHBOARD__PORT</c>), then the command line; binds them with the configuration
/// binder. An unknown key in the file or on the command line, a known section's unknown key in the
/// environment, or a value that does not convert is an error naming the key and where it came from.
/// </summary>
public static partial class ConfBinder
{
    /// <summary>The prefix of the environment variables that set conf keys.</summary>
    public const string EnvironmentPrefix = "SIMPLERPC_";

    /// <summary>
    /// Variables with the prefix that are not conf keys: the console's history file, an app's stub
    /// and what the server hands its workers. They are never read as keys.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedVariables = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "SIMPLERPC_HISTORY", "SIMPLERPC_STUB", "SIMPLERPC_OTLP_ENDPOINT", "SIMPLERPC_OTLP_PROTOCOL",
    };

    /// <summary>Binds <typeparamref name="T"/> from the conf file at <paramref name="confPath"/> (null: none), <paramref name="environment"/> and <paramref name="commandLine"/> (conf key → value).</summary>
    /// <exception cref="ConfException">See the class remarks.</exception>
    public static T Bind<T>(string? confPath, IDictionary environment, IEnumerable<KeyValuePair<string, string?>> commandLine)
        where T : new()
    {
        var file = confPath is null ? null : ConfJson.Read(confPath);
        var layers = new List<(string Source, Dictionary<string, string?> Values)>();
        if (file is not null)
        {
            layers.Add((file.Source, file.Values));
        }

        foreach (var (variable, key, value) in FromEnvironment(environment, typeof(T)))
        {
            layers.Add(("environment variable " + variable, new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [key] = value }));
        }

        layers.Add(("the command line", new Dictionary<string, string?>(commandLine, StringComparer.OrdinalIgnoreCase)));
        var builder = new ConfigurationBuilder();
        foreach (var (source, values) in layers)
        {
            var layer = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
            ConfSchema.Check(layer, typeof(T), source);
            builder.AddInMemoryCollection(values);
        }

        var configuration = builder.Build();
        var options = new T();
        try
        {
            configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw BadValue(ex, layers);
        }

        foreach (var (path, kind) in file?.Empties ?? [])
        {
            var section = configuration.GetSection(path);
            if (section.Value is null && !section.GetChildren().Any())
            {
                SetEmpty(options, path.Split(':'), kind);
            }
        }

        return options;
    }

    /// <summary>The conf keys set by <paramref name="environment"/>: (variable, key, value), for top-level keys that <paramref name="type"/> has.</summary>
    public static IEnumerable<(string Variable, string Key, string? Value)> FromEnvironment(IDictionary environment, Type type)
    {
        foreach (DictionaryEntry entry in environment)
        {
            var variable = (string)entry.Key;
            if (!variable.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) || ReservedVariables.Contains(variable))
            {
                continue;
            }

            // The server and the stubs share the prefix: one's keys are unknown to the other, so a
            // variable naming no key of this program is not for it. Inside a known section, strict.
            var key = variable[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
            if (ConfSchema.HasTopLevelKey(type, key.Split(':')[0]))
            {
                yield return (variable, key, entry.Value as string);
            }
        }
    }

    private static ConfException BadValue(InvalidOperationException ex, List<(string Source, Dictionary<string, string?> Values)> layers)
    {
        var key = KeyInMessage().Match(ex.Message) is { Success: true } match ? match.Groups[1].Value : null;
        var found = key is null ? -1 : layers.FindLastIndex(l => l.Values.ContainsKey(key));
        if (found < 0)
        {
            return new ConfException(ex.Message);
        }

        var (source, values) = layers[found];
        var type = TypeInMessage().Match(ex.Message) is { Success: true } t ? t.Groups[1].Value : "the key's type";
        var dotted = string.Join('.', key!.Split(':').Select(segment => char.ToLowerInvariant(segment[0]) + segment[1..]));
        return new ConfException($"{source}: '{dotted}' is '{values[key]}', which is not a valid {type}.");
    }

    private static void SetEmpty(object target, string[] path, JTokenType kind)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (target is IList list && int.TryParse(path[i], out var index))
            {
                if (index >= list.Count || list[index] is not { } item || i == path.Length - 1)
                {
                    return;
                }

                target = item;
                continue;
            }

            if (ConfSchema.Property(target.GetType(), path[i]) is not { } property)
            {
                return;
            }

            if (i < path.Length - 1)
            {
                target = property.GetValue(target)!;
                if (target is null)
                {
                    return;
                }

                continue;
            }

            var type = property.PropertyType;
            var value = kind switch
            {
                JTokenType.Null => null,
                JTokenType.Array when type.IsArray => Array.CreateInstance(type.GetElementType()!, 0),
                JTokenType.Object when property.GetValue(target) is { } existing => existing,
                _ => Activator.CreateInstance(type),
            };
            if (value is not null || !type.IsValueType || Nullable.GetUnderlyingType(type) is not null)
            {
                property.SetValue(target, value);
            }
        }
    }

    [GeneratedRegex("at '([^']+)' to type")]
    private static partial Regex KeyInMessage();

    [GeneratedRegex("to type '([^']+)'")]
    private static partial Regex TypeInMessage();
}
