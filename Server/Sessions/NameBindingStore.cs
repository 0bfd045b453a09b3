using Newtonsoft.Json;
using Serilog;
using SimpleRpc.Serialization;

namespace SimpleRpc.Server.Sessions;

/// <summary>
/// Keeps which key each client name is bound to (<c>names.json</c> in the data folder: name →
/// key fingerprint, never the key), so a server restart does not free a name for another key
/// before its owner reconnects. Written whole to a temporary file and moved over the old one.
/// </summary>
/// <remarks>Thread-safe. Saves are rare (a name's first hello), so they hold their own lock while
/// writing; the registry's lock is never held across the write.</remarks>
public sealed class NameBindingStore(string path, ILogger log)
{
    private readonly Lock _fileGate = new();

    /// <summary>The file's path.</summary>
    public string Path { get; } = path;

    /// <summary>
    /// The stored bindings whose key is still configured (<paramref name="knownFingerprints"/>):
    /// a name bound to a key that was removed from the conf is free again. A file that cannot be
    /// read is moved aside (<c>names.json.unreadable</c>), logged, and no binding is restored.
    /// </summary>
    public IReadOnlyDictionary<string, string> Load(IReadOnlySet<string> knownFingerprints)
    {
        if (!File.Exists(Path))
        {
            return new Dictionary<string, string>();
        }

        Dictionary<string, string>? stored;
        try
        {
            stored = RpcJson.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path));
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            log.Error("Could not read the name bindings in {Path} ({Reason}); moved it aside, every name is free until claimed again", Path, ex.Message);
            File.Move(Path, Path + ".unreadable", overwrite: true);
            return new Dictionary<string, string>();
        }

        var kept = (stored ?? []).Where(b => ClientRegistry.IsValidName(b.Key) && knownFingerprints.Contains(b.Value))
            .ToDictionary(b => b.Key, b => b.Value, StringComparer.OrdinalIgnoreCase);
        if (kept.Count != (stored?.Count ?? 0))
        {
            log.Information("Freed {Count} client names whose keys are no longer configured", (stored?.Count ?? 0) - kept.Count);
        }

        return kept;
    }

    /// <summary>Writes the bindings <paramref name="snapshot"/> returns, taken while holding the file's lock so the newest state is written last.</summary>
    /// <exception cref="IOException">The file could not be written; the previous file is intact.</exception>
    public void Save(Func<IReadOnlyDictionary<string, string>> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_fileGate)
        {
            var temporary = Path + ".tmp";
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(RpcJson.Serialize(snapshot()));
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
    }
}
