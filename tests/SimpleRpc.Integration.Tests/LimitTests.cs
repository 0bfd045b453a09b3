using System.Text;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>Every limit in the server conf, tested at its edge against a real server.</summary>
[TestFixture]
[NonParallelizable]
public partial class LimitTests
{
    private const string Hello = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"simplerpc/hello\",\"params\":{\"name\":\"NAME\",\"key\":\"dev-publisher-key-0001\"}}";
    private Cluster? _cluster;

    [TearDown]
    public async Task StopCluster()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private async Task<(Cluster Cluster, StubProcess Stub)> StartAsync(Action<JObject> conf)
    {
        _cluster = await Cluster.StartAsync(conf);
        var stub = await _cluster.StartStubAsync("alpha");
        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        return (_cluster, stub);
    }

    private static async Task<JsonLinePeer> HelloAsync(Cluster cluster, string name, CancellationToken cancellationToken)
    {
        var peer = await JsonLinePeer.ConnectAsync(cluster.ServerEndpoint, cancellationToken);
        await peer.SendAsync(Hello.Replace("NAME", name, StringComparison.Ordinal), cancellationToken);
        Assert.That((await peer.ReplyToAsync(1, cancellationToken))["result"], Is.Not.Null);
        return peer;
    }

    private static async Task AssertStillServesAsync(StubProcess stub, CancellationToken cancellationToken)
    {
        using var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken);
        await app.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"z.Add\",\"params\":[1,2]}", cancellationToken);
        var reply = await app.ReplyToAsync(9, cancellationToken);
        Assert.That(reply["result"]?.Value<int>(), Is.EqualTo(3), reply.ToString());
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task MaxCallsPerConnection_OneOverTheLimit_LimitExceededOthersRun(CancellationToken cancellationToken)
    {
        var (cluster, stub) = await StartAsync(c => c["maxCallsPerConnection"] = 2);
        using var peer = await HelloAsync(cluster, "busy", cancellationToken);
        for (var id = 10; id < 13; id++)
        {
            await peer.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"z.SlowAdd\",\"params\":[1,2,60000]}}", cancellationToken);
        }

        var refused = await peer.ReplyToAsync(12, cancellationToken);
        Assert.That((int)refused["error"]!["code"]!, Is.EqualTo(-32020));
        Assert.That((string)refused["error"]!["message"]!, Does.Contain("(maxCallsPerConnection)"));
        await AssertStillServesAsync(stub, cancellationToken);
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task MaxJsonDepth_DeeperMessage_ParseErrorShallowerWorks(CancellationToken cancellationToken)
    {
        var (cluster, stub) = await StartAsync(c => c["maxJsonDepth"] = 8);
        using var peer = await HelloAsync(cluster, "deep", cancellationToken);
        var deep = new string('[', 20) + new string(']', 20);
        await peer.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"z.Sum\",\"params\":[{deep}]}}", cancellationToken);
        var error = await peer.ReplyToAsync(2, cancellationToken);
        Assert.That((int)error["error"]!["code"]!, Is.EqualTo(-32700));
        Assert.That((string)error["error"]!["message"]!, Does.Contain("nested deeper than 8 levels (maxJsonDepth)"));

        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"z.Sum\",\"params\":[[1,2]]}", cancellationToken);
        Assert.That((long)(await peer.ReplyToAsync(3, cancellationToken))["result"]!, Is.EqualTo(3L), "the connection stays usable");
        await AssertStillServesAsync(stub, cancellationToken);
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task HelloTimeout_SilentConnection_ClosedAfterIt(CancellationToken cancellationToken)
    {
        var (cluster, stub) = await StartAsync(c => c["helloTimeoutSeconds"] = 1);
        using var silent = await JsonLinePeer.ConnectAsync(cluster.ServerEndpoint, cancellationToken);
        Assert.That(async () => await silent.ReplyToAsync(1, cancellationToken), Throws.TypeOf<EndOfStreamException>());
        await cluster.Server.WaitForLineAsync(@"no hello within 1 s \(helloTimeoutSeconds\)", Cluster.StepTimeout);
        await AssertStillServesAsync(stub, cancellationToken);
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task IdleTimeout_SilentSessionClosed_StubWithHeartbeatsStays(CancellationToken cancellationToken)
    {
        _cluster = await Cluster.StartAsync(c => c["idleTimeoutSeconds"] = 2);
        var stub = await _cluster.StartStubAsync("alpha");
        var beating = await _cluster.StartStubAsync("beat");
        using var silent = await HelloAsync(_cluster, "silent", cancellationToken);

        Assert.That(async () => await silent.ReplyToAsync(5, cancellationToken), Throws.TypeOf<EndOfStreamException>());
        await _cluster.Server.WaitForLineAsync(@"Closing silent: nothing received for 2 s \(idleTimeoutSeconds\)", Cluster.StepTimeout);
        var mark = _cluster.Server.LineCount;
        _cluster.Server.Send("clients");
        await _cluster.Server.WaitForLineAsync(@"^beat\s+s\d+", Cluster.StepTimeout, mark);
        Assert.That(beating.Process.HasExited, Is.False);
        Assert.That(stub.Process.Lines.Concat(beating.Process.Lines), Has.None.Contains("Lost the server"), "stubs beat at least three times per server idle timeout");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task MaxQueuedBytes_PeerThatDoesNotRead_DroppedServerKeepsServing(CancellationToken cancellationToken)
    {
        var (cluster, stub) = await StartAsync(c => c["maxQueuedBytes"] = 256 * 1024);
        using var greedy = await HelloAsync(cluster, "greedy", cancellationToken);
        var request = new StringBuilder();
        for (var id = 100; id < 400; id++)
        {
            request.Append("{\"jsonrpc\":\"2.0\",\"id\":").Append(id).Append(",\"method\":\"z.Squares\",\"params\":[20000]}\n");
        }

        await greedy.SendAsync(request.ToString().TrimEnd('\n'), cancellationToken);
        await cluster.Server.WaitForLineAsync(@"Client greedy disconnected \(The peer is not reading: more than 262144 bytes are waiting to be sent \(maxQueuedBytes\)\.\)", Cluster.StepTimeout);
        await AssertStillServesAsync(stub, cancellationToken);
    }
}
