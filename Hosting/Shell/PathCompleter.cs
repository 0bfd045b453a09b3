namespace SimpleRpc.Hosting.Shell;

/// <summary>Tab completion of a file path typed at a console, relative to the working directory.</summary>
public static class PathCompleter
{
    private const int MaxCandidates = 200;

    /// <summary>
    /// The folders (ending in '/') and the files ending in <paramref name="extension"/> whose path
    /// starts with <paramref name="typed"/>; hidden entries only when the name typed starts with a
    /// dot. Never throws: a folder that cannot be read completes nothing.
    /// </summary>
    public static IReadOnlyList<string> Complete(string typed, string extension)
    {
        var split = typed.LastIndexOfAny(['/', Path.DirectorySeparatorChar]);
        var folder = split < 0 ? string.Empty : typed[..(split + 1)];
        var name = typed[(split + 1)..];
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        try
        {
            var directory = new DirectoryInfo(folder.Length == 0 ? "." : folder);
            return directory.EnumerateFileSystemInfos()
                .Where(e => e.Name.StartsWith(name, comparison) && (name.StartsWith('.') || !e.Name.StartsWith('.')))
                .Where(e => e is DirectoryInfo || e.Name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                .Select(e => folder + e.Name + (e is DirectoryInfo ? "/" : string.Empty))
                .Order(StringComparer.Ordinal)
                .Take(MaxCandidates)
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or System.Security.SecurityException)
        {
            return [];
        }
    }
}
