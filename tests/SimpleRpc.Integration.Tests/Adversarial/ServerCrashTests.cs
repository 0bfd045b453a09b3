using System.Globalization;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// The server killed (as a crash would) in the middle of a call or a publish, then started again
/// on the same port and data folder. Each case has its own cluster: a server and a stub alpha that
/// registered z. Afterwards the store is whole and stubs are served again without a restart.
/// </summary>
[TestFixture]
[NonParallelizable]
public class ServerCrashTests
{
    private static readonly string ModuleZ = Path.Combine(Cluster.RepoRoot, "Modules", "z.cs");
    private Cluster _cluster = null!;
    private StubProcess _alpha = null!;

    [SetUp]
    public async Task StartCluster()
    {
        _cluster = await Cluster.StartAsync();
        _alpha = await _cluster.StartStubAsync("alpha");
        Assert.That(await _alpha.RegisterAsync(ModuleZ), Does.StartWith("Registered z v1"));
    }

    [TearDown]
    public async Task StopCluster()
    {
        try
        {
            Assert.That(ModuleStoreCheck.AssertIntact(_cluster), Does.Contain("z"));
        }
        finally
        {
            await _cluster.DisposeAsync();
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ServerKilledMidCall_PendingCallFailsAtOnce_ServedAgainAfterRestart(CancellationToken cancellationToken)
    {
        var beta = await _cluster.StartStubAsync("beta");
        await beta.Process.WaitForLineAsync("Synced proxies into .*: 1 updated", Cluster.StepTimeout);
        using var app = await JsonLinePeer.ConnectAsync(_alpha.AppEndpoint, cancellationToken);
        await app.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"z.SlowAdd","params":[1,2,60000]}""", cancellationToken);
        await ServerStatsProbe.WaitForCallsAsync(_cluster, 1);

        _cluster.KillServer();
        WireAssert.Error(await app.NextReplyAsync(cancellationToken), 1, -32031, "was lost before the reply arrived.");
        await _alpha.Process.WaitForLineAsync("Lost the server", Cluster.StepTimeout);
        WireAssert.Error(await app.CallAsync("z.Add", new JArray(1, 2), cancellationToken), -32030, "The stub is not connected to the server");

        await _cluster.StartServerAgainAsync();
        await _cluster.Server.WaitForLineAsync("Restored z v1 registered by alpha", Cluster.StepTimeout);
        await _alpha.Process.WaitForLineAsync(@"Reconnected to \S+ as alpha", Cluster.StepTimeout);
        await beta.Process.WaitForLineAsync(@"Reconnected to \S+ as beta", Cluster.StepTimeout);
        Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(20, 22), cancellationToken)), Is.EqualTo(42), "the same app connection is served again");
        await AdversarialFixture.AssertStillServesAsync(_cluster, beta, cancellationToken);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ServerKilledMidUpload_NothingKeptUploadGoneNameFreeAfterRestart(CancellationToken cancellationToken)
    {
        var file = RawUpload.Module("Half");
        string uploadId;
        using (var publisher = await JsonLinePeer.HelloAsync(_cluster.ServerEndpoint, "publisher", AdversarialFixture.PublisherKey, cancellationToken))
        {
            uploadId = await RawUpload.BeginOkAsync(publisher, "half", file, 2, cancellationToken);
            WireAssert.Result(await RawUpload.ChunkAsync(publisher, uploadId, 0, RawUpload.Split(file, 2)[0], cancellationToken));
            _cluster.KillServer();
            await publisher.AssertClosedAsync(cancellationToken);
        }

        await _cluster.StartServerAgainAsync();
        await _cluster.Server.WaitForLineAsync("Restored 1 modules", Cluster.StepTimeout);
        Assert.That(ModuleStoreCheck.AssertIntact(_cluster), Is.EqualTo(new[] { "z" }), "only the module that was committed");

        using var again = await JsonLinePeer.HelloAsync(_cluster.ServerEndpoint, "publisher", AdversarialFixture.PublisherKey, cancellationToken);
        WireAssert.Error(await RawUpload.CommitAsync(again, uploadId, cancellationToken), -32010, $"Upload refused: No open upload '{uploadId}' for this client");
        var commit = WireAssert.Result(await RawUpload.UploadAsync(again, "half", file, 2, cancellationToken));
        Assert.That((int?)commit["version"], Is.EqualTo(1));
        await _alpha.Process.WaitForLineAsync(@"Reconnected to \S+ as alpha", Cluster.StepTimeout);
        await AdversarialFixture.AssertStillServesAsync(_cluster, _alpha, cancellationToken);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ServerKilledRightAfterCommitSent_StoreWholeAndModuleAllOrNothing(CancellationToken cancellationToken)
    {
        // Where the kill lands (before the compile, inside the store's save, after the reply) is
        // not under the test's control; what must hold is the same wherever it lands.
        var file = RawUpload.Module("Landed");
        using (var publisher = await JsonLinePeer.HelloAsync(_cluster.ServerEndpoint, "publisher", AdversarialFixture.PublisherKey, cancellationToken))
        {
            var uploadId = await RawUpload.BeginOkAsync(publisher, "landed", file, 1, cancellationToken);
            WireAssert.Result(await RawUpload.ChunkAsync(publisher, uploadId, 0, file, cancellationToken));
            await publisher.SendAsync(JsonLinePeer.Request(99, "simplerpc/upload.commit", new JObject { ["uploadId"] = uploadId }), cancellationToken);
            _cluster.KillServer();
        }

        await _cluster.StartServerAgainAsync();
        var restored = await _cluster.Server.WaitForLineAsync(@"Restored (\d+) modules", Cluster.StepTimeout);
        var stored = ModuleStoreCheck.AssertIntact(_cluster);
        Assert.That(stored, Is.EquivalentTo(new[] { "z" }).Or.EquivalentTo(new[] { "z", "landed" }));
        Assert.That(int.Parse(restored.Groups[1].Value, CultureInfo.InvariantCulture), Is.EqualTo(stored.Count), "every stored module is restored");

        using var client = await JsonLinePeer.HelloAsync(_cluster.ServerEndpoint, "checker", AdversarialFixture.CallerKey, cancellationToken);
        var call = await client.CallAsync("landed.Twice", new JArray(21), cancellationToken);
        if (stored.Contains("landed"))
        {
            Assert.That((int)WireAssert.Result(call), Is.EqualTo(42), "a stored module serves");
        }
        else
        {
            WireAssert.Error(call, -32601, "Method not found: no module 'landed' is registered.");
        }

        await _alpha.Process.WaitForLineAsync(@"Reconnected to \S+ as alpha", Cluster.StepTimeout);
        await AdversarialFixture.AssertStillServesAsync(_cluster, _alpha, cancellationToken);
    }
}
