using System.Text;
using System.Text.RegularExpressions;
using SimpleRpc.Protocol.Messages;

namespace SimpleRpc.ClientStub.Proxies;

/// <summary>
/// The folder of proxy files an app builds against: one <c>&lt;module&gt;.cs</c> per module.
/// Files are written to a temporary name and renamed, so a build never sees half a file.
/// </summary>
public sealed partial class ProxyFolder
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Uses (and creates) <paramref name="path"/>.</summary>
    public ProxyFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Raised after a proxy was written or removed, with the module name.</summary>
    public event Action<string>? Changed;

    /// <summary>Writes a module's proxy atomically.</summary>
    /// <returns>False when the folder already held exactly this proxy (nothing was written).</returns>
    public bool Write(ProxyUpdate update)
    {
        var target = FileFor(update.Name);
        if (File.Exists(target) && File.ReadAllText(target, Utf8) == update.Source)
        {
            // The same proxy again (a server that restarted pushes each module it restores after
            // a stub synced): an app's build must not see a change.
            return false;
        }

        var temp = System.IO.Path.Combine(Path, "." + update.Name + "." + Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllText(temp, update.Source, Utf8);
        File.Move(temp, target, overwrite: true);
        Changed?.Invoke(update.Name);
        return true;
    }

    /// <summary>Removes a module's proxy, if present.</summary>
    public void Remove(string name)
    {
        var target = FileFor(name);
        if (File.Exists(target))
        {
            File.Delete(target);
            Changed?.Invoke(name);
        }
    }

    /// <summary>The proxies present: module name → (version, checksum), read from each file's attribute.</summary>
    public IReadOnlyDictionary<string, (int Version, string Checksum)> Read()
    {
        var found = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path, "*.cs"))
        {
            var match = ModuleAttribute().Match(File.ReadAllText(file));
            // A file the stub did not write (or a damaged one) is skipped, never fatal: the
            // next sync reports it as missing and the server sends a good copy.
            if (match.Success && int.TryParse(match.Groups["version"].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                found[match.Groups["name"].Value] = (version, match.Groups["checksum"].Value);
            }
        }

        return found;
    }

    private string FileFor(string module)
    {
        if (module.Length == 0 || module.Any(c => !(char.IsLetterOrDigit(c) || c == '_')))
        {
            throw new ArgumentException($"'{module}' is not a module name.", nameof(module));
        }

        return System.IO.Path.Combine(Path, module + ".cs");
    }

    [GeneratedRegex("""RpcModule\("(?<name>[^"]+)",\s*Version\s*=\s*(?<version>\d+),\s*Checksum\s*=\s*"(?<checksum>[0-9a-f]+)"\)""")]
    private static partial Regex ModuleAttribute();
}
