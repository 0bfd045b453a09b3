using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Dispatch;

/// <summary>
/// The in-process invoker runs a synchronous function on the connection's reading thread once its calls
/// have proven fast (InlineGate), only where that thread can be taken over, hands it to the pool
/// again after a slow call, and for good after the third. Calls travel over a real loopback socket. Whether a
/// call ran on the reading thread is told by its task: one handed to the pool cannot have finished
/// while its function still sleeps, one run there has.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class InProcessInvokerInlineTests
{
    private const string Probe = """
        namespace Probes;

        public static class Wait
        {
            public static int Sleep(int ms)
            {
                System.Threading.Thread.Sleep(ms);
                return ms;
            }

            public static int Other(int ms) => Sleep(ms);
        }
        """;

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<RpcId, bool> _ranOnReader = new();

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    [Test]
    public async Task DispatchAsync_OnAReaderThatCanBeTakenOver_FastFunctionRunsThereOnceItsGateOpens(CancellationToken cancellationToken)
    {
        var (dispatcher, module) = await DispatcherAsync(runsFastCallsInline: true, cancellationToken);
        var client = await ServeAsync(dispatcher, cancellationToken);

        await OpenGateAsync(client, module, "Sleep", cancellationToken);

        Assert.That(await CallAsync(client, "wait.Sleep", 0, cancellationToken), Is.True);
    }

    [Test]
    public async Task DispatchAsync_InlineCallsBlock_OthersAnsweredMeanwhileAndTheThirdClosesItsGateForGood(CancellationToken cancellationToken)
    {
        var (dispatcher, module) = await DispatcherAsync(runsFastCallsInline: true, cancellationToken);
        var client = await ServeAsync(dispatcher, cancellationToken);
        await OpenGateAsync(client, module, "Sleep", cancellationToken);

        // Runs on the reading thread and passes its deadline there: the connection reads on
        // meanwhile (the reading is taken over), and the late call still answers as a deadline.
        var slow = client.SendRequestAsync(new JsonRpcMessage { Id = RpcId.None, Method = "wait.Sleep", ParamsJson = "[1500]", TimeoutMs = 1000 }, cancellationToken);
        await CallAsync(client, "wait.Other", 0, cancellationToken);
        Assert.That(slow.IsCompleted, Is.False, "answered while the slow call still ran");
        var late = await slow.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        Assert.That(late.Error?.Code, Is.EqualTo(RpcErrorCodes.Timeout));
        Assert.That(_ranOnReader[late.Id], Is.True, "the slow call ran on the reading thread");

        // One slow call sends the function back to the pool until it is fast again; the third
        // slow one there closes its gate for good, fast calls or not.
        var gate = module.Overloads("Sleep")[0].Inline;
        Assert.That((gate.IsClosedForGood, gate.Strikes, gate.IsOpen), Is.EqualTo((false, 1, false)));
        Assert.That(await CallAsync(client, "wait.Sleep", 20, cancellationToken), Is.False, "the next call runs on the pool");
        for (var strike = 2; strike <= InlineGate.MaxStrikes; strike++)
        {
            await OpenGateAsync(client, module, "Sleep", cancellationToken);
            Assert.That(await CallAsync(client, "wait.Sleep", 100, cancellationToken), Is.True, $"slow call {strike} ran on the reading thread");
        }

        Assert.That(gate.IsClosedForGood, Is.True);
        await CallAsync(client, "wait.Sleep", 0, cancellationToken, count: InlineGate.Streak * 2);
        Assert.That(await CallAsync(client, "wait.Sleep", 20, cancellationToken), Is.False);
    }

    [Test]
    public async Task DispatchAsync_InlineOff_FastFunctionStaysOnThePool(CancellationToken cancellationToken)
    {
        var (dispatcher, _) = await DispatcherAsync(runsFastCallsInline: false, cancellationToken);
        var client = await ServeAsync(dispatcher, cancellationToken);

        await CallAsync(client, "wait.Sleep", 0, cancellationToken, count: InlineGate.Streak * 4);

        Assert.That(await CallAsync(client, "wait.Sleep", 20, cancellationToken), Is.False);
    }

    [Test]
    public async Task DispatchAsync_NotOnAReadingThread_RunsOnThePoolThoughItsGateIsOpen(CancellationToken cancellationToken)
    {
        var (dispatcher, module) = await DispatcherAsync(runsFastCallsInline: true, cancellationToken);
        var gate = module.Overloads("Sleep")[0].Inline;
        for (var i = 0; i < 1_000 && !gate.IsOpen; i++)
        {
            await dispatcher.DispatchAsync(Request("wait.Sleep", 0), "test", cancellationToken);
        }

        Assert.That(gate.IsOpen, Is.True, "the gate opens after fast calls");
        var pooled = dispatcher.DispatchAsync(Request("wait.Sleep", 300), "test", cancellationToken);
        Assert.That(pooled.IsCompleted, Is.False, "a caller that is no connection's reader never runs module code itself");
        Assert.That((await pooled).ResultJson, Is.EqualTo("300"));
    }

    private static async Task<(CallDispatcher, LoadedModule)> DispatcherAsync(bool runsFastCallsInline, CancellationToken cancellationToken)
    {
        var host = new ModuleHost();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Probe)));
        var outcome = await host.Registry.RegisterAsync("wait", Probe, sha, "test", cancellationToken);
        Assert.That(outcome.Success, Is.True, string.Join("\n", outcome.Diagnostics));
        var (log, _) = CollectingSink.CreateLogger();
        return (new CallDispatcher(new InProcessInvoker(host.Registry, log) { RunsFastCallsInline = runsFastCallsInline }), host.Registry.Find("wait")!);
    }

    // A server-side connection whose reading thread hands each call to the dispatcher with a
    // completion, as a session does, and a client connection to it over loopback.
    private async Task<JsonRpcConnection> ServeAsync(CallDispatcher dispatcher, CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var connecting = new TcpClient();
        await connecting.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, cancellationToken);
        var accepted = await listener.AcceptTcpClientAsync(cancellationToken);
        var options = new JsonRpcConnectionOptions { DedicatedReadThreads = 10_000 };
        var server = new JsonRpcConnection(accepted.GetStream(), options, NullLogger.Instance, "server")
        {
            RequestHandler = async (connection, message) =>
            {
                var call = new CallCompletionSource();
                dispatcher.Dispatch(message, "test", connection.Closing, call);
                _ranOnReader[message.Id] = call.Task.IsCompleted;
                connection.Send(await call.Task);
            },
        };
        var client = new JsonRpcConnection(connecting.GetStream(), options, NullLogger.Instance, "client");
        _owned.Add(client);
        _owned.Add(server);
        server.Start();
        client.Start();
        return client;
    }

    // Fast calls until the function's gate opens: a first call that compiles it just in time is
    // not fast, nor is one preempted on a busy machine, so the count it takes varies.
    private async Task OpenGateAsync(JsonRpcConnection client, LoadedModule module, string function, CancellationToken cancellationToken)
    {
        var gate = module.Overloads(function)[0].Inline;
        for (var i = 0; i < 1_000 && !gate.IsOpen; i++)
        {
            await CallAsync(client, "wait." + function, 0, cancellationToken);
        }


        Assert.That(gate.IsOpen, Is.True, "the gate opens after fast calls");
    }

    // Makes the calls one after another; returns whether the last one ran on the reading thread.
    private async Task<bool> CallAsync(JsonRpcConnection client, string method, int ms, CancellationToken cancellationToken, int count = 1)
    {
        var ranOnReader = false;
        for (var i = 0; i < count; i++)
        {
            var reply = await client.SendRequestAsync(method, $"[{ms}]", cancellationToken).WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
            Assert.That(reply.ResultJson, Is.EqualTo(ms.ToString(System.Globalization.CultureInfo.InvariantCulture)), reply.Error?.Message);
            ranOnReader = _ranOnReader[reply.Id];
        }

        return ranOnReader;
    }

    private static JsonRpcMessage Request(string method, int ms) =>
        new() { Id = RpcId.From(1), Method = method, ParamsJson = $"[{ms}]" };
}
