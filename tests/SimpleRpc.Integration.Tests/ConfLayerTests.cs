using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>The conf's layers on the real programs: the file, then SIMPLERPC_ environment variables, then the command line.</summary>
[TestFixture]
[NonParallelizable]
public class ConfLayerTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Environment_StubName_OverridesTheConfFile(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        var process = cluster.Start("stub from env", "ClientStub", "SimpleRpc.ClientStub.dll",
            ["--server", cluster.ServerEndpoint, "--app-port", "0", "--proxy-dir", Path.Combine(cluster.WorkDir, "proxies")],
            new Dictionary<string, string> { ["SIMPLERPC_NAME"] = "from-env" });

        await process.WaitForLineAsync(@"stub 'from-env' connected to", Cluster.StepTimeout);
    }

    [TestCase("SIMPLERPC_CALLTIMEOUTSECONDS", "soon", "'callTimeoutSeconds' is 'soon'")]
    [TestCase("SIMPLERPC_DASHBOARD__PROT", "1", "unknown key 'DASHBOARD.PROT'")]
    [CancelAfter(60_000)]
    public async Task Environment_BadVariable_ExitsWithCode2NamingIt(string variable, string value, string expected, CancellationToken cancellationToken)
    {
        await using var cluster = Cluster.WithoutServer("127.0.0.1:1");
        var process = cluster.Start("server bad env", "Server", "SimpleRpc.Server.dll", ["--port", "0"], new Dictionary<string, string> { [variable] = value });

        Assert.That(await process.WaitForExitAsync(Cluster.StepTimeout), Is.EqualTo(2));
        Assert.That(process.Lines, Has.Some.Contains("environment variable " + variable).And.Contains(expected));
    }
}
