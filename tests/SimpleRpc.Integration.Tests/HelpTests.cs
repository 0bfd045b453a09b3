using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>`--help` on each program lists every option, and bad options fail clearly.</summary>
[TestFixture]
[NonParallelizable]
public class HelpTests
{
    [TestCase("Server", "SimpleRpc.Server.dll", new[] { "--conf", "--conf-dir", "--host", "--port", "--shell", "--log-level", "--log-file", "--help" })]
    [TestCase("ClientStub", "SimpleRpc.ClientStub.dll", new[] { "--conf", "--conf-dir", "--name", "--server", "--app-port", "--proxy-dir", "--shell", "--log-level", "--log-file", "--help" })]
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
        Assert.That(process.Lines, Has.Some.Contains("Unknown option '--bogus'"));
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
