using System.Text;
using System.Text.Json;
using SimpleRpc.Server.Modules;
using ILogger = Serilog.ILogger;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// Keeps <see cref="ModuleHistory"/> on disk beside the module store, so the modules page's
/// versions (who published each and when, with its source and proxy) survive a restart: one folder
/// per module under <see cref="RootDirectory"/> with <c>versions.json</c> (the kept versions'
/// number, checksum, publisher and times) and <c>v&lt;N&gt;.cs</c> / <c>v&lt;N&gt;.proxy.cs</c>.
/// </summary>
/// <remarks>
/// Every file is written as the module store writes its own: to a temporary name, flushed to disk,
/// renamed over the old one and the folder flushed, so a crash leaves the previous file or the new
/// one, never half of one. A version's sources are written before the index that names them. Never
/// throws for a disk problem: the history is what the page shows, not what the server serves, so it
/// logs a warning and carries on. Not thread-safe per module: <see cref="ModuleHistory"/> serializes
/// its writes of one module.
/// </remarks>
public sealed class ModuleHistoryStore
{
    private const string IndexFileName = "versions.json";
    private const string TemporarySuffix = ".tmp";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true };
    private readonly ILogger _log;

    /// <summary>Opens (and creates, when needed) the history at <paramref name="rootDirectory"/>.</summary>
    public ModuleHistoryStore(string rootDirectory, ILogger log)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
        _log = log;
    }

    /// <summary>The folder that holds one subfolder per module.</summary>
    public string RootDirectory { get; }

    /// <summary>The history folder beside a module store's folder: <c>&lt;data-dir&gt;/module-history</c>.</summary>
    public static string BesideStore(ModuleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Path.Combine(Path.GetDirectoryName(store.RootDirectory) ?? store.RootDirectory, "module-history");
    }

    /// <summary>Every module's kept versions, as last written; a folder or file that cannot be read is logged and skipped.</summary>
    public IReadOnlyDictionary<string, List<ModuleVersion>> LoadAll()
    {
        var modules = new Dictionary<string, List<ModuleVersion>>(StringComparer.Ordinal);
        if (!Directory.Exists(RootDirectory))
        {
            return modules;
        }

        foreach (var folder in Directory.EnumerateDirectories(RootDirectory))
        {
            var name = Path.GetFileName(folder);
            if (IsModuleName(name) && Load(name, folder) is { Count: > 0 } versions)
            {
                modules[name] = versions;
            }
        }

        return modules;
    }

    /// <summary>Writes <paramref name="versions"/> as <paramref name="module"/>'s history; <paramref name="added"/>'s sources first.</summary>
    public void Save(string module, ModuleVersion? added, IReadOnlyList<ModuleVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (!IsModuleName(module))
        {
            return;
        }

        var folder = Path.Combine(RootDirectory, module);
        try
        {
            Directory.CreateDirectory(folder);
            if (added is not null)
            {
                WriteAtomically(folder, SourceFile(added.Version), Utf8.GetBytes(added.Source));
                WriteAtomically(folder, ProxyFile(added.Version), Utf8.GetBytes(added.Proxy));
            }

            var index = versions.Select(v => new Entry(v.Version, v.Checksum, v.PublishedBy, v.PublishedAt, v.ServingSince)).ToList();
            WriteAtomically(folder, IndexFileName, JsonSerializer.SerializeToUtf8Bytes(index, Json));
            RemoveDropped(folder, versions);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning("Could not write the version history of {ModuleName} to {Path}: {Reason}", module, folder, ex.Message);
        }
    }

    private List<ModuleVersion>? Load(string module, string folder)
    {
        try
        {
            foreach (var leftover in Directory.EnumerateFiles(folder, "*" + TemporarySuffix))
            {
                File.Delete(leftover);
            }

            var indexPath = Path.Combine(folder, IndexFileName);
            if (!File.Exists(indexPath))
            {
                return null;
            }

            var entries = JsonSerializer.Deserialize<List<Entry>>(File.ReadAllBytes(indexPath), Json) ?? [];
            return [.. entries.Select(e => new ModuleVersion(
                e.Version,
                e.Checksum,
                e.PublishedBy,
                e.PublishedAt,
                ReadOrEmpty(folder, SourceFile(e.Version)),
                ReadOrEmpty(folder, ProxyFile(e.Version)),
                e.ServingSince))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            _log.Warning("Skipped the version history of {ModuleName} in {Path}: {Reason}", module, folder, ex.Message);
            return null;
        }
    }

    private static string ReadOrEmpty(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        return File.Exists(path) ? File.ReadAllText(path, Utf8) : string.Empty;
    }

    // The files of versions that left the kept window.
    private static void RemoveDropped(string folder, IReadOnlyList<ModuleVersion> kept)
    {
        var keep = kept.SelectMany(v => new[] { SourceFile(v.Version), ProxyFile(v.Version) }).Append(IndexFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (!keep.Contains(Path.GetFileName(file)))
            {
                File.Delete(file);
            }
        }
    }

    private static void WriteAtomically(string folder, string file, byte[] bytes)
    {
        var path = Path.Combine(folder, file);
        var temporary = path + TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        ModuleStore.FlushDirectory(folder);
    }

    private static string SourceFile(int version) => "v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".cs";

    private static string ProxyFile(int version) => "v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".proxy.cs";

    // Module names are C# identifiers; anything else is not a folder this store wrote.
    private static bool IsModuleName(string name) =>
        name.Length is > 0 and <= 128 && !char.IsDigit(name[0]) && name.All(c => char.IsLetterOrDigit(c) || c == '_');

    private sealed record Entry(int Version, string Checksum, string PublishedBy, DateTimeOffset PublishedAt, DateTimeOffset ServingSince);
}
