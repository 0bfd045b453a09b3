using System.Text.RegularExpressions;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// Runs the Python and Node.js clients of docs/clients.md, exactly as the page shows them,
/// against a real server and a stub that registered Modules/z.cs, so the page cannot drift.
/// </summary>
[TestFixture]
[NonParallelizable]
public partial class ClientsDocTests : ModuleZFixture
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    // What both clients print, one line per call, whatever order the replies came in.
    private static readonly string[] ExpectedLines =
    [
        "z.Add(1, 2) = 3",
        "z.Greet(name=\"docs\") = \"Hello, docs!\"",
        "z.Divide(1, 0) -> error -32000: b must not be zero [System.DivideByZeroException]",
        "z.SlowAdd(1, 2, 60000) -> error -32800: The call to z.SlowAdd was cancelled.",
    ];

    private string _scripts = null!;

    private static string Doc => File.ReadAllText(Path.Combine(Cluster.RepoRoot, "docs", "clients.md"));

    [OneTimeSetUp]
    public void WriteClientsFromDoc()
    {
        _scripts = Directory.CreateTempSubdirectory("simplerpc-clients-").FullName;
        foreach (var (file, body) in TitledBlocks().Where(b => b.Title.Contains('.', StringComparison.Ordinal)))
        {
            File.WriteAllText(Path.Combine(_scripts, file), body);
        }
    }

    [OneTimeTearDown]
    public void DeleteClients() => Directory.Delete(_scripts, recursive: true);

    [Test]
    public void Doc_ShowsTheOutputTheClientsPrint()
    {
        var output = TitledBlocks().Where(b => b.Title == "output").Select(b => b.Body).ToList();
        Assert.That(output, Has.Count.EqualTo(1), "docs/clients.md has one ```text title=\"output\" block");
        Assert.That(Lines(output[0]), Is.EqualTo(ExpectedLines));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Python_ClientFromDoc_PrintsDocumentedLines(CancellationToken cancellationToken)
    {
        var python = ScriptRunner.FindOnPath("python3");
        Assert.That(python, Is.Not.Null, "python3 must be on the PATH to run the Python client of docs/clients.md");
        await AssertClientPrintsExpectedLinesAsync(python!, "client.py", cancellationToken);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Node_ClientFromDoc_PrintsDocumentedLines(CancellationToken cancellationToken)
    {
        if (ScriptRunner.FindOnPath("node") is not { } node)
        {
            Assert.Ignore("node is not on the PATH: install Node.js 18 or later to check the Node client of docs/clients.md");
            return;
        }

        await AssertClientPrintsExpectedLinesAsync(node, "client.js", cancellationToken);
    }

    private async Task AssertClientPrintsExpectedLinesAsync(string interpreter, string script, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_scripts, script);
        Assert.That(path, Does.Exist, $"docs/clients.md has a block titled \"{script}\"");

        var result = await ScriptRunner.RunAsync(interpreter, [path, Stub.AppEndpoint], _scripts, ClientTimeout, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, $"{script} failed; standard error:\n{result.StandardError}");
            Assert.That(Lines(result.StandardOutput), Is.EqualTo(ExpectedLines), $"standard error:\n{result.StandardError}");
        });
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    private static IEnumerable<(string Title, string Body)> TitledBlocks() =>
        TitledBlock().Matches(Doc.ReplaceLineEndings("\n")).Select(m => (m.Groups["title"].Value, m.Groups["body"].Value));

    [GeneratedRegex("^```\\w+ title=\"(?<title>[^\"]+)\"\\n(?<body>.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex TitledBlock();
}
