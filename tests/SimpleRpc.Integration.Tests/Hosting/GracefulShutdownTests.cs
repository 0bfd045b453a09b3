using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;
using SimpleRpc.Protocol;

namespace SimpleRpc.Integration.Tests.Hosting;

/// <summary>
/// SIGTERM to a real server or stub: it stops taking work, lets the calls in flight finish within
/// <c>shutdownGraceSeconds</c> (then cancels them), flushes its log and exits 0.
/// </summary>
[TestFixture]
[NonParallelizable]
[Platform(Exclude = "Win")]
public class GracefulShutdownTests
{
    // Hold waits for its time (or its token), or with -1 until released; WhenHeld answers once a
    // Hold has started, so the test knows the call is running on the server without sleeping.
    // Release is the test's signal: a ReleaseWhenCancelled call, running beside the Hold, releases
    // it when the test cancels it ($/cancelRequest reaches a call in flight while the server stops,
    // where a new call would be refused), so the Hold cannot end before the test has checked.
    private const string Gate = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Gate
        {
            private static readonly TaskCompletionSource<bool> Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private static readonly TaskCompletionSource<bool> Released = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private static readonly TaskCompletionSource<bool> ReleaserWaiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public static async Task<string> Hold(int milliseconds, CancellationToken cancellationToken)
            {
                Started.TrySetResult(true);
                if (milliseconds < 0)
                {
                    await Released.Task.WaitAsync(cancellationToken);
                    return "held until released";
                }

                await Task.Delay(milliseconds, cancellationToken);
                return "held " + milliseconds;
            }

            public static async Task<bool> ReleaseWhenCancelled(CancellationToken cancellationToken)
            {
                ReleaserWaiting.TrySetResult(true);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                finally
                {
                    Released.TrySetResult(true);
                }

                return true;
            }

            public static async Task<bool> WhenReleaserWaiting(CancellationToken cancellationToken) =>
                await ReleaserWaiting.Task.WaitAsync(cancellationToken);

            public static async Task<bool> WhenHeld(CancellationToken cancellationToken) =>
                await Started.Task.WaitAsync(cancellationToken);
        }
        """;

    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Test]
    [CancelAfter(180_000)]
    public async Task Sigterm_CallInFlight_CallFinishesNewCallsRefusedServerExitsZeroLogFlushed(CancellationToken cancellationToken)
    {
        await using var cluster = await StartAsync(graceSeconds: 30);
        var (stub, app) = await ConnectAppAsync(cluster, cancellationToken);
        using var _ = app;
        using var late = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken);
        await HoldAsync(app, milliseconds: -1, cancellationToken);
        await StartReleaserAsync(app, cancellationToken);

        var mark = cluster.Server.LineCount;
        Signals.Terminate(cluster.Server.Id);
        await cluster.Server.WaitForLineAsync("Server stopping", Cluster.StepTimeout, mark);
        await late.SendAsync("""{"jsonrpc":"2.0","id":3,"method":"gate.WhenHeld","params":[]}""", cancellationToken);
        var refused = await late.ReplyToAsync(3, cancellationToken);

        // Only now may the held call end: the test's signal releases it.
        await app.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":4}}""", cancellationToken);
        var replies = await app.ReplyToEachAsync([4, 1], cancellationToken);
        var (releaser, held) = (replies[4], replies[1]);

        Assert.Multiple(async () =>
        {
            Assert.That((int?)refused["error"]?["code"], Is.EqualTo(RpcErrorCodes.ServerUnavailable), refused.ToString());
            Assert.That((int?)releaser["error"]?["code"], Is.EqualTo(RpcErrorCodes.RequestCancelled), releaser.ToString());
            Assert.That((string?)held["result"], Is.EqualTo("held until released"), held.ToString());
            Assert.That(await cluster.Server.WaitForExitAsync(ExitTimeout), Is.Zero);
            var log = await File.ReadAllLinesAsync(LogFile(cluster), cancellationToken);
            Assert.That((string?)JObject.Parse(log.Last(line => line.Contains("SimpleRpc.Server.ServerService", StringComparison.Ordinal)))["RenderedMessage"], Is.EqualTo("Server stopped"));
        });
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Sigterm_CallLongerThanGrace_CallCancelledAtGraceServerExitsZero(CancellationToken cancellationToken)
    {
        await using var cluster = await StartAsync(graceSeconds: 1);
        var (_, app) = await ConnectAppAsync(cluster, cancellationToken);
        using var __ = app;
        await HoldAsync(app, milliseconds: 600_000, cancellationToken);

        Signals.Terminate(cluster.Server.Id);
        var held = await app.ReplyToAsync(1, cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That((int?)held["error"]?["code"], Is.EqualTo(RpcErrorCodes.RequestCancelled), held.ToString());
            Assert.That(await cluster.Server.WaitForExitAsync(ExitTimeout), Is.Zero);
            Assert.That(await File.ReadAllTextAsync(LogFile(cluster), cancellationToken), Does.Contain("Cancelled 1 calls still running after 1 s (shutdownGraceSeconds)"));
        });
    }

    // A cluster node stopped while it starts (it listens; its dashboard is still starting): the
    // host, Orleans' silo with it, ends before the server, whose leaving the cluster then met a
    // disposed silo and ended the process with an unhandled exception.
    [Test]
    [CancelAfter(120_000)]
    public async Task Sigterm_ClusterNodeWhileStarting_ExitsZeroWithoutAnUnhandledException()
    {
        await using var nodes = await ServerNodes.StartAsync("A");
        var node = nodes.Node("A");

        Signals.Terminate(node.Id);

        Assert.That(await node.WaitForExitAsync(ExitTimeout), Is.Zero, string.Join('\n', node.Lines));
        Assert.That(node.Lines, Has.None.Contains("Unhandled exception"));
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Sigterm_StubWithCallInFlight_CallFinishesStubExitsZero(CancellationToken cancellationToken)
    {
        await using var cluster = await StartAsync(graceSeconds: 30);
        var (stub, app) = await ConnectAppAsync(cluster, cancellationToken);
        using var _ = app;
        await HoldAsync(app, milliseconds: -1, cancellationToken);
        await StartReleaserAsync(app, cancellationToken);

        var mark = stub.Process.LineCount;
        Signals.Terminate(stub.Process.Id);
        await stub.Process.WaitForLineAsync("stopping: waiting up to 10 s for 2 calls in flight", Cluster.StepTimeout, mark);

        // Only now may the held call end: the test's signal releases it.
        await app.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":4}}""", cancellationToken);
        var replies = await app.ReplyToEachAsync([4, 1], cancellationToken);
        var held = replies[1];

        Assert.Multiple(async () =>
        {
            Assert.That((int?)replies[4]["error"]?["code"], Is.EqualTo(RpcErrorCodes.RequestCancelled), replies[4].ToString());
            Assert.That((string?)held["result"], Is.EqualTo("held until released"), held.ToString());
            Assert.That(await stub.Process.WaitForExitAsync(ExitTimeout), Is.Zero);
            Assert.That(stub.Process.Lines, Has.Some.Contains($"Stub {stub.Name} stopped"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Sigterm_IdleStub_ExitsZero(CancellationToken cancellationToken)
    {
        await using var cluster = await StartAsync(graceSeconds: 10);
        var stub = await cluster.StartStubAsync("idle", shell: false);

        Signals.Terminate(stub.Process.Id);

        Assert.That(await stub.Process.WaitForExitAsync(ExitTimeout), Is.Zero);
    }

    private static Task<Cluster> StartAsync(int graceSeconds) =>
        Cluster.StartAsync(conf =>
        {
            conf["shutdownGraceSeconds"] = graceSeconds;
            conf["logFile"] = "server.log";
        });

    private static string LogFile(Cluster cluster) => Path.Combine(cluster.WorkDir, "server.log");

    // A stub with the gate module registered, and a foreign JSON-RPC client on its app port.
    private static async Task<(StubProcess Stub, JsonLinePeer App)> ConnectAppAsync(Cluster cluster, CancellationToken cancellationToken)
    {
        var stub = await cluster.StartStubAsync("gatekeeper");
        var path = Path.Combine(cluster.WorkDir, "gate.cs");
        await File.WriteAllTextAsync(path, Gate, cancellationToken);
        Assert.That(await stub.RegisterAsync(path), Does.StartWith("Registered gate v1"));
        return (stub, await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken));
    }

    // Starts gate.ReleaseWhenCancelled as call 4 and returns once it runs (call 5 answered):
    // cancelling call 4 is then the test's signal that releases a Hold(-1).
    private static async Task StartReleaserAsync(JsonLinePeer app, CancellationToken cancellationToken)
    {
        await app.SendAsync("""{"jsonrpc":"2.0","id":4,"method":"gate.ReleaseWhenCancelled","params":[]}""", cancellationToken);
        await app.SendAsync("""{"jsonrpc":"2.0","id":5,"method":"gate.WhenReleaserWaiting","params":[]}""", cancellationToken);
        var waiting = await app.ReplyToAsync(5, cancellationToken);
        Assert.That((bool?)waiting["result"], Is.True, waiting.ToString());
    }

    // Starts gate.Hold as call 1 and returns once it runs on the server (call 2, WhenHeld, answered).
    private static async Task HoldAsync(JsonLinePeer app, int milliseconds, CancellationToken cancellationToken)
    {
        await app.SendAsync($$"""{"jsonrpc":"2.0","id":1,"method":"gate.Hold","params":[{{milliseconds}}]}""", cancellationToken);
        await app.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"gate.WhenHeld","params":[]}""", cancellationToken);
        var started = await app.ReplyToAsync(2, cancellationToken);
        Assert.That((bool?)started["result"], Is.True, started.ToString());
    }
}
