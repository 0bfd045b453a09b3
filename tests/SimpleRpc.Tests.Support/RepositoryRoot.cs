namespace SimpleRpc.Tests.Support;

/// <summary>The repository the tests run from: the folder holding <c>SimpleRpc.sln</c>, found by walking up from the test's directory.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> LazyPath = new(Find);

    /// <summary>The repository's root folder.</summary>
    /// <exception cref="InvalidOperationException">No <c>SimpleRpc.sln</c> above the test's directory.</exception>
    public static string Path => LazyPath.Value;

    /// <summary>The full path of a file given relative to the repository root with '/' separators.</summary>
    public static string PathOf(string relativePath) => System.IO.Path.Combine([Path, .. relativePath.Split('/')]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SimpleRpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SimpleRpc.sln not found above " + AppContext.BaseDirectory);
    }
}
