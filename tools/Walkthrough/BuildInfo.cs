namespace SimpleRpc.Walkthrough;

/// <summary>Facts fixed when this assembly was built.</summary>
public static class BuildInfo
{
    /// <summary>The configuration this assembly was built in; the programs it starts are taken from the same.</summary>
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>Finds the repository root by walking up from <paramref name="start"/> to SimpleRpc.sln.</summary>
    /// <exception cref="DirectoryNotFoundException">No SimpleRpc.sln above it.</exception>
    public static string FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SimpleRpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No SimpleRpc.sln above {start}.");
    }
}
