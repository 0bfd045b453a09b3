using System.Text;
using SimpleRpc.Server.Compilation;

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

    // The longest hidden name is ".deleted-<name>-<32 hex>", 42 bytes plus the name, and most
    // file systems cap a name at 255 bytes.
    private const int MaxNameUtf8Bytes = 128;

    private static readonly string[] ReservedDeviceNames = ["CON", "PRN", "AUX", "NUL"];

    /// <summary>
    /// Throws unless <paramref name="name"/> can be a module folder: a plain C# identifier
    /// (<see cref="ModuleNames.Validate"/>), not a Windows device name, at most 128 UTF-8 bytes.
    /// </summary>
    /// <exception cref="ArgumentNullException">The name is null.</exception>
    /// <exception cref="ArgumentException">The name is not allowed.</exception>
    internal static void ValidateName(string name)
    {
        ModuleNames.Validate(name);
        if (IsReservedDeviceName(name))
        {
            throw new ArgumentException(
                "A module name must not be a Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9): '" + name + "'.",
                nameof(name));
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxNameUtf8Bytes)
        {
            throw new ArgumentException("A module name must be at most " + MaxNameUtf8Bytes + " UTF-8 bytes long.", nameof(name));
        }
    }

    /// <summary>
    /// True for the names Windows reserves for devices, in any case: CON, PRN, AUX, NUL, and COM or
    /// LPT followed by one digit 0-9 or a superscript 1-3. (A C# identifier cannot have the
    /// extension or trailing space that Windows also ignores, so a whole-name match suffices.)
    /// </summary>
    internal static bool IsReservedDeviceName(string name)
    {
        if (ReservedDeviceNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return name.Length == 4
            && (name.StartsWith("COM", StringComparison.OrdinalIgnoreCase) || name.StartsWith("LPT", StringComparison.OrdinalIgnoreCase))
            && (char.IsAsciiDigit(name[3]) || name[3] is '\u00B9' or '\u00B2' or '\u00B3');
    }

    private static string NewToken() => Guid.NewGuid().ToString("N");

    private static bool IsValidName(string name)
    {
        try
        {
            ValidateName(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The full path of the module's folder, after validating the name and checking, as a second
    /// line of defence, that the path is a direct child of the root.
    /// </summary>
    private string ModuleDirectory(string name)
    {
        ValidateName(name);
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
        return IsValidName(name);
    }
}
