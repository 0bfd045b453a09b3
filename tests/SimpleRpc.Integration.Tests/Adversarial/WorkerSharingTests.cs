using System.Text;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// <c>workerSharing: publisher</c> on a real server: the modules one client registered run in one
/// worker process, so a crash costs all of them and they are failed together, while another
/// publisher's module has a worker of its own and keeps serving (docs/security.md, the trade).
/// </summary>
[TestFixture]
[NonParallelizable]
public class WorkerSharingTests
{
    private const int MaxCrashes = 2;

    private static byte[] Module => Encoding.UTF8.GetBytes("""
        using System;

        public static class Shared
        {
            public static int Echo(int x) => x;

            public static int Die()
            {
                Environment.FailFast("shared: FailFast on purpose");
                return 0;
            }
        }
        """);

    [Test]
    [CancelAfter(240_000)]
    public async Task Call_TwoModulesOfOnePublisher_ShareAWorkerCrashFailsBothOtherPublisherServes(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync(conf =>
        {
            conf["bannedApis"] = new JArray("@default", "!M:System.Environment.FailFast(System.String)");
            conf["workerSharing"] = "publisher";
            conf["workerMaxCrashes"] = MaxCrashes;
            conf["workerCrashWindowSeconds"] = 600;
            conf["workerFailedCooldownSeconds"] = 600;
        });
        var stub = await cluster.StartStubAsync("alpha");
        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        using var peer = await JsonLinePeer.HelloAsync(cluster.ServerEndpoint, "pubone", AdversarialFixture.PublisherKey, cancellationToken);
        WireAssert.Result(await RawUpload.UploadAsync(peer, "sa", Module, 1, cancellationToken));
        WireAssert.Result(await RawUpload.UploadAsync(peer, "sb", Module, 1, cancellationToken));

        var mark = cluster.Server.LineCount;
        Assert.That((int)WireAssert.Result(await peer.CallAsync("sa.Echo", new JArray(1), cancellationToken)), Is.EqualTo(1));
        Assert.That((int)WireAssert.Result(await peer.CallAsync("sb.Echo", new JArray(2), cancellationToken)), Is.EqualTo(2));
        var shared = (await cluster.Server.WaitForLineAsync(@"Started worker process (\d+) for publisher:pubone$", Cluster.StepTimeout, mark)).Groups[1].Value;
        using var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken);
        Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(2, 3), cancellationToken)), Is.EqualTo(5));
        var own = (await cluster.Server.WaitForLineAsync(@"Started worker process (\d+) for publisher:alpha$", Cluster.StepTimeout, mark)).Groups[1].Value;
        Assert.That(own, Is.Not.EqualTo(shared), "another publisher's module runs in a worker of its own");
        var listed = cluster.Server.LineCount;
        cluster.Server.Send("workers");
        await cluster.Server.WaitForLineAsync($@"^publisher:pubone \(2 modules\)\s+{shared}\s+running\s+0\s+1\s+0\s+0\s*$", Cluster.StepTimeout, listed);
        Assert.That(cluster.Server.Lines.Skip(mark).Count(l => l.Contains("Started worker process", StringComparison.Ordinal) && l.EndsWith(" for publisher:pubone", StringComparison.Ordinal)), Is.EqualTo(1), "sa and sb share one worker");

        for (var i = 0; i < MaxCrashes; i++)
        {
            WireAssert.Error(await peer.CallAsync("sb.Die", new JArray(), cancellationToken), -32022, "ended during it");
        }

        WireAssert.Error(await peer.CallAsync("sa.Echo", new JArray(3), cancellationToken), -32023, "The modules of publisher 'pubone' are failed (workerSharing: publisher, one worker for them all)");
        Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(4, 5), cancellationToken)), Is.EqualTo(9), "the other publisher's module still serves");

        var reset = cluster.Server.LineCount;
        cluster.Server.Send("reset sa");
        await cluster.Server.WaitForLineAsync("Reset sa: its next call starts a worker.", Cluster.StepTimeout, reset);
        Assert.That((int)WireAssert.Result(await peer.CallAsync("sb.Echo", new JArray(6), cancellationToken)), Is.EqualTo(6), "reset of one clears the failure of both");
    }
}
