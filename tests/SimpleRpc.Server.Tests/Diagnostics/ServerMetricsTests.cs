using Newtonsoft.Json.Linq;
using SimpleRpc.Server.Diagnostics;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Diagnostics;

[TestFixture]
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class ServerMetricsTests
{
    [Test]
    public async Task Calls_RealCallsThroughServer_CountedByModuleFunctionAndOutcome(CancellationToken cancellationToken)
    {
        using var recorder = new MetricRecorder(ServerMetrics.MeterName);
        await using var server = await StartServerAsync(cancellationToken);
        using var client = await ConnectAsync(server, cancellationToken);

        Assert.That((int?)(await client.CallRawAsync("z.Add", "[1,2]", cancellationToken))["result"], Is.EqualTo(3));
        var failed = await client.CallRawAsync("z.Divide", "[1,0]", cancellationToken);
        Assert.That((int?)failed["error"]?["code"], Is.EqualTo(-32000));
        await client.CallRawAsync("nope.Missing", "[]", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Of("simplerpc.calls", ("module", "z"), ("function", "Add"), ("outcome", "ok")).Sum(m => m.Value), Is.EqualTo(1));
            Assert.That(recorder.Of("simplerpc.call.duration", ("module", "z"), ("function", "Add")).Single().Value, Is.GreaterThan(0).And.LessThan(30));
            Assert.That(recorder.Of("simplerpc.calls", ("module", "z"), ("function", "Divide"), ("outcome", "error"), ("error.code", -32000)), Has.Count.EqualTo(1));
            Assert.That(recorder.Of("simplerpc.calls", ("module", ServerMetrics.Unknown), ("error.code", -32601)), Has.Count.EqualTo(1), "a method nobody registered is not a tag value");
            Assert.That(recorder.Of("simplerpc.compiles", ("module", "z"), ("reason", "upload"), ("outcome", "ok")), Has.Count.EqualTo(1));
            Assert.That(recorder.Of("simplerpc.modules.published", ("module", "z")), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Gauges_ServerWithAStub_ReadItsState(CancellationToken cancellationToken)
    {
        using var recorder = new MetricRecorder(ServerMetrics.MeterName);
        await using var server = await StartServerAsync(cancellationToken);
        using var client = await ConnectAsync(server, cancellationToken);

        // The hello's answer is counted once the server's write has returned, which may be just
        // after this client read it (CI saw 0): wait for the count, within a limit.
        var sent = await recorder.ObserveUntilAsync("simplerpc.bytes.sent", bytes => bytes > 20, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(recorder.Of("simplerpc.stubs.connected").Last().Value, Is.EqualTo(1));
            Assert.That(recorder.Of("simplerpc.modules").Last().Value, Is.EqualTo(1));
            Assert.That(recorder.Of("simplerpc.calls.in_flight").Last().Value, Is.Zero);
            Assert.That(recorder.Of("simplerpc.bytes.received").Last().Value, Is.GreaterThan(20), "the hello");
            Assert.That(sent, Is.GreaterThan(20), "its answer");
        });
    }

    [TestCase("z.Add", "z", "Add")]
    [TestCase("z.Add(System.Int32,System.Int32)", "z", "Add")]
    [TestCase("Add", ServerMetrics.Unknown, ServerMetrics.Unknown)]
    [TestCase("z.", ServerMetrics.Unknown, ServerMetrics.Unknown)]
    public void MethodTagsOf_Method_SplitsModuleAndFunction(string method, string module, string function) =>
        Assert.That(SimpleRpc.Diagnostics.MethodTags.Of(method), Is.EqualTo((module, function)));

    [Test]
    public void CallStarted_NoListener_ReturnsZero()
    {
        Assert.That(ServerMetrics.CallsEnabled, Is.False, "another test left a listener on the meter");
        Assert.That(ServerMetrics.CallStarted(), Is.Zero);
    }

    private static async Task<ServerHost> StartServerAsync(CancellationToken cancellationToken)
    {
        var (log, _) = CollectingSink.CreateLogger();
        var options = new ServerOptions { Port = 0, Isolation = "inProcess", DataDir = Path.Combine(Path.GetTempPath(), "srpc-metrics-" + Guid.NewGuid().ToString("N")) };
        var server = new ServerHost(options, log);
        await server.StartAsync(cancellationToken);
        var path = Repository.PathOf("Modules/z.cs");
        var outcome = await server.Modules.RegisterAsync("z", await File.ReadAllTextAsync(path, cancellationToken), Repository.Sha256Of(path), "test", cancellationToken);
        Assert.That(outcome.Success, Is.True);
        return server;
    }

    private static async Task<JsonLinePeer> ConnectAsync(ServerHost server, CancellationToken cancellationToken)
    {
        var client = await JsonLinePeer.ConnectAsync(server.Endpoint, cancellationToken);
        var hello = await client.CallRawAsync("simplerpc/hello", """{"name":"metrics-test"}""", cancellationToken);
        Assert.That(hello["result"], Is.Not.Null, hello.ToString());
        return client;
    }
}
