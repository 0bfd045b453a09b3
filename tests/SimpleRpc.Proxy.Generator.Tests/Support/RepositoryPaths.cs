namespace SimpleRpc.Proxy.Generator.Tests.Support;

/// <summary>Locates the repository, so tests can read real proxy files and checked-in snapshots.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding <c>SimpleRpc.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The snapshot folder of this test project in the source tree.</summary>
    public static string Snapshots => Path.Combine(Root, "tests", "SimpleRpc.Proxy.Generator.Tests", "Snapshots");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SimpleRpc.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No SimpleRpc.sln above " + TestContext.CurrentContext.TestDirectory);
    }
}
