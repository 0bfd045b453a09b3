using System.Diagnostics;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Adversarial;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// A server that stops answering without closing the link (frozen, or behind a network black
/// hole), played by a stand-in that answers the hello and the sync and then nothing: the stub
/// keeps each call's deadline itself and notices the silence with heartbeats.
/// </summary>
[TestFixture]
[NonParallelizable]
public class StubFrozenServerTests
{
    private StandInServer _server = null!;
    private Cluster _cluster = null!;

    [TearDown]
    public async Task Stop()
    {
        await _cluster.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task CallWithTimeout_ServerSilent_AnswersTimeoutInTime(CancellationToken cancellationToken)
    {
        var stub = await StartAsync(new StandInServer { CallTimeoutSeconds = 1 }, heartbeatSeconds: 30);
        using var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken);

        var watch = Stopwatch.StartNew();
        await app.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"z.Add","params":[1,2],"timeoutMs":300}""", cancellationToken);
        WireAssert.Error(await app.ReplyToAsync(1, cancellationToken), 1, -32021, "deadline");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "the stub answers at the call's deadline, not when the server wakes");
        var forwarded = await _server.WaitForAsync("z.Add", cancellationToken);
        var cancel = await _server.WaitForAsync("$/cancelRequest", cancellationToken);
        Assert.That(cancel["params"]?["id"], Is.EqualTo(forwarded["id"]), "the server is told to cancel the call it was given");

        // No timeoutMs: the server's callTimeoutSeconds, which its hello result named.
        await app.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"z.Add","params":[1,2]}""", cancellationToken);
        WireAssert.Error(await app.ReplyToAsync(2, cancellationToken), 2, -32021, "deadline");

        var status = WireAssert.Result(await app.CallAsync("simplerpc/status", null, cancellationToken));
        Assert.That((bool)status["serverConnected"]!, Is.True, "a server that answers heartbeats is still connected");
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task ServerSilent_HeartbeatUnanswered_CallsFailStatusDisconnectedThenReconnects(CancellationToken cancellationToken)
    {
        var stub = await StartAsync(new StandInServer { CallTimeoutSeconds = 60 }, heartbeatSeconds: 1);
        using var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken);
        await app.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"z.Add","params":[1,2]}""", cancellationToken);
        await _server.WaitForAsync("z.Add", cancellationToken);

        _server.AnswerPings = false;
        _server.AnswerHellos = false;
        WireAssert.Error(await app.ReplyToAsync(1, cancellationToken), 1, -32031, "lost");
        await stub.Process.WaitForLineAsync(@"did not answer a heartbeat within 2 s \(heartbeatTimeoutSeconds\)", Cluster.StepTimeout);

        // The stub is trying again (a hello the stand-in leaves unanswered): it says it is disconnected.
        await _server.WaitForAsync("simplerpc/hello", cancellationToken);
        var status = WireAssert.Result(await app.CallAsync("simplerpc/status", null, cancellationToken));
        Assert.That((bool)status["serverConnected"]!, Is.False);
        WireAssert.Error(await app.CallAsync("z.Add", new JArray(1, 2), cancellationToken), -32030, "not connected");

        var mark = stub.Process.LineCount;
        _server.AnswerPings = true;
        _server.AnswerHellos = true;
        await stub.Process.WaitForLineAsync(@"Reconnected to \S+ as frozen", Cluster.StepTimeout, mark);
        status = WireAssert.Result(await app.CallAsync("simplerpc/status", null, cancellationToken));
        Assert.That((bool)status["serverConnected"]!, Is.True);
    }

    private async Task<StubProcess> StartAsync(StandInServer server, int heartbeatSeconds)
    {
        _server = server;
        _cluster = Cluster.WithoutServer(server.Endpoint);
        var conf = Path.Combine(_cluster.WorkDir, "stub-frozen.json");
        await File.WriteAllTextAsync(conf, new JObject { ["heartbeatSeconds"] = heartbeatSeconds, ["heartbeatTimeoutSeconds"] = 2, ["insecure"] = true }.ToString());
        return await _cluster.StartStubAsync("frozen", shell: false, extraArgs: ["-c", conf]);
    }
}
