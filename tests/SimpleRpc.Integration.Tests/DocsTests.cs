using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>docs/configuration.md and the code cannot drift apart.</summary>
[TestFixture]
public partial class DocsTests
{
    private static readonly string[] OptionFiles =
    [
        "Server/ServerOptions.cs", "Server/Sessions/ClientKey.cs", "ClientStub/StubOptions.cs", "Hosting/Configuration/TlsOptions.cs",
        "Hosting/Logging/LoggingOptions.cs", "Hosting/Logging/LogFileOptions.cs", "Server/Dashboard/DashboardOptions.cs",
        "Hosting/Configuration/TracingOptions.cs", "ClientStub/Diagnostics/StubEndpointOptions.cs", "Server/Cluster/ClusterNodeOptions.cs",
    ];

    private static string Doc => File.ReadAllText(Path.Combine(Cluster.RepoRoot, "docs", "configuration.md"));

    private static IEnumerable<string> CodeKeys() => OptionFiles
        .Select(f => Path.Combine(Cluster.RepoRoot, f))
        .Where(File.Exists)
        .SelectMany(f => SettableProperty().Matches(File.ReadAllText(f)).Select(m => char.ToLowerInvariant(m.Groups["name"].Value[0]) + m.Groups["name"].Value[1..]))
        .Distinct();

    private static IEnumerable<string> DocumentedKeys() => TableKey().Matches(Doc).Select(m => m.Groups["key"].Value).Distinct();

    [TestCaseSource(nameof(CodeKeys))]
    public void ConfKey_InCode_IsDocumented(string key) =>
        Assert.That(DocumentedKeys(), Does.Contain(key), $"add `{key}` to docs/configuration.md");

    [TestCaseSource(nameof(DocumentedKeys))]
    public void ConfKey_Documented_ExistsInCode(string key) =>
        Assert.That(CodeKeys(), Does.Contain(key), $"docs/configuration.md documents `{key}`, which the code does not have");

    [Test]
    public void ConfFiles_EveryKeyUsed_IsDocumented()
    {
        var used = Directory.GetFiles(Path.Combine(Cluster.RepoRoot, "conf"), "*.json")
            .SelectMany(f => JToken.Parse(File.ReadAllText(f)).SelectTokens("$..*").OfType<JValue>().Select(v => v.Path))
            .SelectMany(path => path.Split('.', '[', ']').Where(part => part.Length > 0 && !char.IsDigit(part[0])))
            .Distinct();
        Assert.That(used, Is.SubsetOf(DocumentedKeys()));
    }

    [GeneratedRegex(@"public [^\s]+ (?<name>[A-Z]\w*) \{ get; set; \}")]
    private static partial Regex SettableProperty();

    [GeneratedRegex(@"^\| `(?<key>[a-z]\w*)` \|", RegexOptions.Multiline)]
    private static partial Regex TableKey();
}
