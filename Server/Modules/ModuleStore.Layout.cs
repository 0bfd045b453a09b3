namespace SimpleRpc.Server.Modules;

/// <summary>Where things live under the root, and which names may live there.</summary>
public sealed partial class ModuleStore
{
    /// <summary>The module's source, UTF-8 without a byte order mark.</summary>
    internal const string SourceFileName = "source.cs";

    /// <summary>The module's compiled PE image, when the caller gave one.</summary>
    internal const string AssemblyFileName = "module.dll";

    /// <summary>The module's proxy as emitted with its compiled image, when the caller gave one.</summary>
    internal const string ProxyFileName = "proxy.cs";

    /// <summary>The manifest, written last: it names only complete files.</summary>
    internal const string ManifestFileName = "manifest.json";

    // Hidden names never collide with a module: a module name is an identifier, which cannot start
    // with '.' or contain '-'. "<prefix><name>-<32 hex digits>".
    private const string StagingPrefix = ".new-";
    private const string DisplacedPrefix = ".old-";
    private const string DeletedPrefix = ".deleted-";
    private const string TempPrefix = ".tmp-";

    // The longest hidden name is ".deleted-<name>-<32 hex>", 42 bytes plus the name: with
    // ModuleRules.MaxNameBytes (128), within the 255 bytes most file systems allow.

    private static string NewToken() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// The full path of the module's folder, after validating the name (the registry's rule,
    /// <see cref="ModuleRules.ValidateName"/>, checked again because a name becomes a path) and
    /// checking, as a second line of defence, that the path is a direct child of the root.
    /// </summary>
    private string ModuleDirectory(string name)
    {
        ModuleRules.ValidateName(name);
        var path = Path.GetFullPath(Path.Combine(RootDirectory, name));
        if (!string.Equals(Path.GetDirectoryName(path), RootDirectory, StringComparison.Ordinal)
            || !string.Equals(Path.GetFileName(path), name, StringComparison.Ordinal))
        {
            throw new ArgumentException("The module name '" + name + "' does not name a folder directly under the store's root.", nameof(name));
        }

        return path;
    }

    /// <summary>The hidden entries of <paramref name="prefix"/> for <paramref name="name"/>.</summary>
    private List<DirectoryInfo> HiddenDirectories(string prefix, string name) =>
        new DirectoryInfo(RootDirectory)
            .EnumerateDirectories()
            .Where(d => TryParseHidden(d.Name, prefix, out var owner) && string.Equals(owner, name, StringComparison.Ordinal))
            .ToList();

    /// <summary>Reads <c>&lt;prefix&gt;&lt;name&gt;-&lt;32 hex digits&gt;</c>; false for anything else.</summary>
    private static bool TryParseHidden(string entryName, string prefix, out string name)
    {
        name = string.Empty;
        var nameLength = entryName.Length - prefix.Length - 33;
        if (nameLength <= 0
            || !entryName.StartsWith(prefix, StringComparison.Ordinal)
            || entryName[^33] != '-'
            || !entryName[^32..].All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        name = entryName.Substring(prefix.Length, nameLength);
        return ModuleRules.IsValidName(name);
    }
}
