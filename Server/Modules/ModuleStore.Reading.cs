using System.Security.Cryptography;
using System.Text;

namespace SimpleRpc.Server.Modules;

/// <summary>Reading one module folder and verifying it against its manifest.</summary>
public sealed partial class ModuleStore
{
    /// <summary>Loads the module in <paramref name="directory"/>, or logs why not and returns null.</summary>
    private StoredModule? TryLoad(DirectoryInfo directory)
    {
        var name = directory.Name;
        if (!ModuleRules.IsValidName(name))
        {
            _log.Warning("Skipped stored module {ModuleName}: {Reason}", name, "the folder's name is not a valid module name");
            return null;
        }

        if (directory.LinkTarget is not null)
        {
            _log.Warning("Skipped stored module {ModuleName}: {Reason}", name, "the folder is a link");
            return null;
        }

        RemoveTempFiles(directory);
        var entry = Read(directory.FullName, name);
        if (entry.Module is null)
        {
            _log.Warning("Skipped stored module {ModuleName}: {Reason}", name, entry.Problem);
            return null;
        }

        if (entry.Problem is not null)
        {
            _log.Warning(
                "Dropped the compiled assembly of {ModuleName} v{ModuleVersion}, to be recompiled: {Reason}",
                name,
                entry.Module.Version,
                entry.Problem);
        }

        return entry.Module;
    }

    /// <summary>
    /// Reads and verifies a module folder without logging. Either the module (with a problem when
    /// its <c>module.dll</c> was dropped) or no module and the reason.
    /// </summary>
    private static EntryRead Read(string directory, string name)
    {
        try
        {
            return ReadVerified(directory, name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new EntryRead(null, "the folder could not be read: " + ex.Message);
        }
    }

    private static EntryRead ReadVerified(string directory, string name)
    {
        var manifestPath = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            return new EntryRead(null, "manifest.json is missing");
        }

        var manifest = Manifest.Parse(File.ReadAllBytes(manifestPath), out var problem);
        if (manifest is null)
        {
            return new EntryRead(null, problem);
        }

        if (!string.Equals(manifest.Name, name, StringComparison.Ordinal))
        {
            return new EntryRead(null, "manifest.json names a different module than its folder");
        }

        var sourcePath = Path.Combine(directory, SourceFileName);
        if (!File.Exists(sourcePath))
        {
            return new EntryRead(null, "source.cs is missing");
        }

        var sourceBytes = File.ReadAllBytes(sourcePath);
        if (!HashMatches(sourceBytes, manifest.SourceSha256))
        {
            return new EntryRead(null, "source.cs does not match the manifest's checksum (torn or corrupt)");
        }

        string source;
        try
        {
            source = StrictUtf8.GetString(sourceBytes);
        }
        catch (DecoderFallbackException)
        {
            return new EntryRead(null, "source.cs is not valid UTF-8");
        }

        var (assembly, assemblyProblem) = ReadOptional(Path.Combine(directory, AssemblyFileName), manifest.AssemblySha256);
        var (proxy, proxyProblem) = ReadOptional(Path.Combine(directory, ProxyFileName), manifest.ProxySha256);
        string? proxySource = null;
        if (proxy is not null)
        {
            try
            {
                proxySource = StrictUtf8.GetString(proxy);
            }
            catch (DecoderFallbackException)
            {
                proxyProblem = "proxy.cs is not valid UTF-8";
            }
        }

        var module = new StoredModule(
            name,
            manifest.Version!.Value,
            manifest.Checksum!,
            source,
            manifest.RegisteredBy!,
            manifest.RegisteredAt!.Value,
            assembly,
            manifest.CompilerVersion,
            manifest.PolicyVersion,
            proxySource,
            manifest.Warnings)
        {
            Changes = manifest.Changes,
            BrokeCompatibility = manifest.BrokeCompatibility == true,
            RemovedFunctions = manifest.RemovedFunctions ?? [],
        };
        return new EntryRead(module, assemblyProblem ?? proxyProblem);
    }

    // module.dll and proxy.cs: optional, and dropped (to be rebuilt by a compile) when they do not
    // match the hash the manifest gives for them.
    private static (byte[]? Bytes, string? Problem) ReadOptional(string path, string? expectedSha256)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            return (null, expectedSha256 is null ? null : file + " is missing");
        }

        if (expectedSha256 is null)
        {
            return (null, "the manifest lists no " + file);
        }

        var bytes = File.ReadAllBytes(path);
        return HashMatches(bytes, expectedSha256) ? (bytes, null) : (null, file + " does not match the manifest's hash");
    }

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static bool HashMatches(byte[] bytes, string? expected) =>
        expected is not null && string.Equals(Sha256Hex(bytes), expected, StringComparison.OrdinalIgnoreCase);

    private void RemoveTempFiles(DirectoryInfo directory)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos(TempPrefix + "*").ToList())
        {
            _log.Debug("Removing {Path} left over from an earlier run", entry.FullName);
            DeleteQuietly(entry.FullName);
        }
    }

    private sealed record EntryRead(StoredModule? Module, string? Problem);
}
