using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>`--help` on each program lists every option, and bad options fail clearly.</summary>
[TestFixture]
[NonParallelizable]
public class HelpTests
{
    [TestCase("Server", "SimpleRpc.Server.dll", new[] { "--conf", "--conf-dir", "--host", "--port", "--shell", "--log-level", "--log-file", "--insecure", "--version", "--help" })]
    [TestCase("ClientStub", "SimpleRpc.ClientStub.dll", new[] { "--conf", "--conf-dir", "--name", "--server", "--app-port", "--proxy-dir", "--shell", "--log-level", "--log-file", "--insecure", "--version", "--help" })]
    [CancelAfter(60_000)]
    public async Task Help_ListsEveryOption(string project, string assembly, string[] options, CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        var process = cluster.Start(project + " help", project, assembly, ["--help"]);
        Assert.That(await process.WaitForExitAsync(Cluster.StepTimeout), Is.Zero);
        var text = string.Join("\n", process.Lines);
        Assert.That(options, Is.All.Matches<string>(o => text.Contains(o + " ", StringComparison.Ordinal) || text.Contains(o + "\n", StringComparison.Ordinal) || text.EndsWith(o, StringComparison.Ordinal)), text);
    }

    [TestCase("Server", "SimpleRpc.Server.dll")]
    [TestCase("ClientStub", "SimpleRpc.ClientStub.dll")]
    [CancelAfter(60_000)]
    public async Task UnknownOption_ExitsWithCode2AndSaysWhy(string project, string assembly, CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        var process = cluster.Start(project + " bad", project, assembly, ["--bogus"]);
        Assert.That(await process.WaitForExitAsync(Cluster.StepTimeout), Is.EqualTo(2));
        Assert.That(process.Lines, Has.Some.Contains("Unrecognized command or argument '--bogus'"));
    }

    [TestCase("Server", "SimpleRpc.Server.dll", "simplerpc-server")]
    [TestCase("ClientStub", "SimpleRpc.ClientStub.dll", "simplerpc-stub")]
    [CancelAfter(60_000)]
    public async Task Help_ShowsTheInstalledCommandName(string project, string assembly, string command, CancellationToken cancellationToken)
    {
        await using var cluster = Cluster.WithoutServer("127.0.0.1:1");
        var process = cluster.Start(project + " help", project, assembly, ["--help"]);
        Assert.That(await process.WaitForExitAsync(Cluster.StepTimeout), Is.Zero);
        Assert.That(process.Lines, Has.Some.StartsWith("  " + command + " [").And.EndsWith("[options]"));
    }

    [TestCase("Server", "SimpleRpc.Server.dll", "--prot", "--port")]
    [TestCase("ClientStub", "SimpleRpc.ClientStub.dll", "--app-prot", "--app-port")]
    [TestCase("tools/Walkthrough", "SimpleRpc.Walkthrough.dll", "--verbos", "--verbose")]
    [CancelAfter(60_000)]
    public async Task MisspeltOption_ExitsWithCode2AndSuggestsTheOption(string project, string assembly, string typo, string meant, CancellationToken cancellationToken)
    {
        await using var cluster = Cluster.WithoutServer("127.0.0.1:1");
        var process = cluster.Start(project + " typo", project, assembly, [typo, "1"]);
        Assert.That(await process.WaitForExitAsync(Cluster.StepTimeout), Is.EqualTo(2));
        Assert.That(process.Lines, Has.Some.Contains($"Did you mean '{meant}' instead of '{typo}'?"));
    }

    [TestCase("Server", "SimpleRpc.Server.dll", "--port")]
    [TestCase("ClientStub", "SimpleRpc.ClientStub.dll", "--app-port")]
    [CancelAfter(60_000)]
    public async Task OptionOfTheWrongType_ExitsWithCode2NamingTheOption(string project, string assembly, string option, CancellationToken cancellationToken)
    {
        await using var cluster = Cluster.WithoutServer("127.0.0.1:1");
        var process = cluster.Start(project + " bad value", project, assembly, [option, "many"]);
        Assert.That(await process.WaitForExitAsync(Cluster.StepTimeout), Is.EqualTo(2));
        Assert.That(process.Lines, Has.Some.Contains($"Cannot parse argument 'many' for option '{option}'"));
    }

    [TestCase("Server", "SimpleRpc.Server.dll")]
    [TestCase("ClientStub", "SimpleRpc.ClientStub.dll")]
    [CancelAfter(60_000)]
    public async Task Version_PrintsTheVersionAndExitsWith0(string project, string assembly, CancellationToken cancellationToken)
    {
        await using var cluster = Cluster.WithoutServer("127.0.0.1:1");
        var process = cluster.Start(project + " version", project, assembly, ["--version"]);
        Assert.That(await process.WaitForExitAsync(Cluster.StepTimeout), Is.Zero);
        Assert.That(process.Lines, Has.Some.Match(@"^\d+\.\d+\.\d+"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Conf_NamedConfMissing_ExitsWithCode2NamingThePath(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        var process = cluster.Start("stub bad conf", "ClientStub", "SimpleRpc.ClientStub.dll", ["-c", "nosuchconf"]);
        Assert.That(await process.WaitForExitAsync(Cluster.StepTimeout), Is.EqualTo(2));
        Assert.That(process.Lines, Has.Some.Contains("nosuchconf.json"));
    }
}
