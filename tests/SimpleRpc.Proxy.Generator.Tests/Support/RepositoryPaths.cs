namespace SimpleRpc.Proxy.Generator.Tests.Support;

/// <summary>Locates the repository, so tests can read real proxy files and checked-in snapshots.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding <c>SimpleRpc.sln</c> (<see cref="RepositoryRoot"/>).</summary>
    public static string Root => RepositoryRoot.Path;

    /// <summary>The snapshot folder of this test project in the source tree.</summary>
    public static string Snapshots => Path.Combine(Root, "tests", "SimpleRpc.Proxy.Generator.Tests", "Snapshots");
}
