namespace SimpleRpc.Server.Modules;

/// <summary>Finishing or rolling back what a crash interrupted.</summary>
public sealed partial class ModuleStore
{
    /// <summary>
    /// Removes leftovers (<c>.tmp-*</c>, <c>.deleted-*</c>) and settles every interrupted save.
    /// Caller holds the gate.
    /// </summary>
    private void RecoverAll()
    {
        var pending = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(RootDirectory).EnumerateFileSystemInfos().ToList())
        {
            if (entry.Name.StartsWith(TempPrefix, StringComparison.Ordinal)
                || entry.Name.StartsWith(DeletedPrefix, StringComparison.Ordinal))
            {
                _log.Debug("Removing {Path} left over from an earlier run", entry.FullName);
                DeleteQuietly(entry.FullName);
            }
            else if (TryParseHidden(entry.Name, StagingPrefix, out var name) || TryParseHidden(entry.Name, DisplacedPrefix, out name))
            {
                pending.Add(name);
            }
        }

        foreach (var name in pending)
        {
            Recover(name);
        }
    }

    /// <summary>
    /// Settles a save of <paramref name="name"/> that a crash interrupted. Caller holds the gate.
    /// </summary>
    /// <remarks>
    /// A save leaves <c>.new-&lt;name&gt;-*</c> (staged, complete once it is renamed anywhere) and,
    /// while swapping, <c>.old-&lt;name&gt;-*</c> (the previous version). If the module's folder
    /// exists, it is the stored version (the swap either never started or finished) and the hidden
    /// folders are debris. If it does not, the crash fell between the two renames: the save had
    /// committed, so the staged folder is promoted; the old one is put back only if no staged
    /// folder verifies (a disk that lost the flushed files).
    /// </remarks>
    private void Recover(string name)
    {
        var staged = HiddenDirectories(StagingPrefix, name);
        var displaced = HiddenDirectories(DisplacedPrefix, name);
        if (staged.Count == 0 && displaced.Count == 0)
        {
            return;
        }

        var target = Path.Combine(RootDirectory, name);
        if (!Directory.Exists(target))
        {
            var survivor = Newest(staged, name) ?? Newest(displaced, name);
            if (survivor is not null && TryMove(survivor.Value.Path, target))
            {
                _log.Warning(
                    "Recovered {ModuleName} v{ModuleVersion} after an interrupted save",
                    name,
                    survivor.Value.Version);
                FlushDirectory(RootDirectory);
            }
        }

        foreach (var debris in staged.Concat(displaced))
        {
            if (Directory.Exists(debris.FullName))
            {
                _log.Debug("Removing {Path} left over from an interrupted save", debris.FullName);
                DeleteQuietly(debris.FullName);
            }
        }
    }

    /// <summary>The folder among <paramref name="candidates"/> that verifies and has the highest version.</summary>
    private static (string Path, int Version)? Newest(IEnumerable<DirectoryInfo> candidates, string name) =>
        candidates
            .Where(d => d.LinkTarget is null)
            .Select(d => (d.FullName, Read(d.FullName, name).Module))
            .Where(c => c.Module is not null)
            .OrderByDescending(c => c.Module!.Version)
            .ThenByDescending(c => c.Module!.RegisteredAt)
            .Select(c => ((string, int)?)(c.FullName, c.Module!.Version))
            .FirstOrDefault();
}
