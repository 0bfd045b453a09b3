using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// <c>isolation: inProcess</c>, the development mode: modules run inside the server, no worker
/// process is started, calls work as in process mode.
/// </summary>
[TestFixture]
[NonParallelizable]
public class InProcessModeTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Call_InProcessMode_ServedWithoutAnyWorker(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync(conf => conf["isolation"] = "inProcess");
        var stub = await cluster.StartStubAsync("alpha");
        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        using (var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken))
        {
            Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(40, 2), cancellationToken)), Is.EqualTo(42));
        }

        var mark = cluster.Server.LineCount;
        cluster.Server.Send("workers");
        await cluster.Server.WaitForLineAsync("Modules run inside the server \\(isolation: inProcess\\); there are no worker processes.", Cluster.StepTimeout, mark);
        Assert.That(cluster.Server.Lines, Has.None.Contains("Started worker process"));
    }

    [Test]
    [CancelAfter(60_000)]
    public void Start_UnknownIsolation_ExitsWithCode2NamingTheKey()
    {
        var error = Assert.ThrowsAsync<TimeoutException>(async () => await Cluster.StartAsync(conf => conf["isolation"] = "sandbox"));
        Assert.That(error!.Message, Does.Contain("it exited with code 2"));
        Assert.That(error.Message, Does.Contain("isolation is 'sandbox'; use \"process\" (the default) or \"inProcess\""));
    }
}
