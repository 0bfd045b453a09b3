using System.Text.RegularExpressions;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>The README's layout table names every project of the solution and every folder in it.</summary>
[TestFixture]
[CancelAfter(30_000)]
public partial class ReadmeLayoutTests
{
    private static readonly HashSet<string> NotSource = new(StringComparer.Ordinal) { "bin", "obj", "Snapshots", "TestResults" };

    private static string Layout
    {
        get
        {
            var readme = File.ReadAllText(Path.Combine(Cluster.RepoRoot, "README.md"));
            var start = readme.IndexOf("\n## Layout", StringComparison.Ordinal);
            Assert.That(start, Is.GreaterThanOrEqualTo(0), "README.md has a Layout section");
            var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            return end < 0 ? readme[start..] : readme[start..end];
        }
    }

    // Every project of the solution that is not a test project (those mirror the project they test).
    private static IEnumerable<string> ProjectFolders() =>
        SolutionProject().Matches(File.ReadAllText(Path.Combine(Cluster.RepoRoot, "SimpleRpc.sln")))
            .Select(m => Path.GetDirectoryName(m.Groups["path"].Value.Replace('\\', '/'))!)
            .Where(dir => !dir.StartsWith("tests/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(ProjectFolders))]
    public void Layout_Project_NamesItAndEveryFolderInIt(string project)
    {
        var layout = Layout;
        Assert.That(layout, Does.Contain($"`{project}/`"), $"README.md's layout table has no row for {project}/");
        var root = Path.Combine(Cluster.RepoRoot, project);
        var folders = Directory.GetDirectories(root, "*", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(root, d).Replace('\\', '/'))
            .Where(d => !d.Split('/').Any(NotSource.Contains));
        foreach (var folder in folders)
        {
            Assert.That(layout, Does.Contain($"{Path.GetFileName(folder)}/`"), $"README.md's layout row for {project}/ does not name {folder}/");
        }
    }

    [GeneratedRegex(@"^Project\(""\{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC\}""\) = ""[^""]+"", ""(?<path>[^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();
}
