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
    // Hold waits for its time (or its token); WhenHeld answers once a Hold has started, so the
    // test knows the call is running on the server without sleeping.
    private const string Gate = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Gate
        {
            private static readonly TaskCompletionSource<bool> Started = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public static async Task<string> Hold(int milliseconds, CancellationToken cancellationToken)
            {
                Started.TrySetResult(true);
                await Task.Delay(milliseconds, cancellationToken);
                return "held " + milliseconds;
            }

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
        using var late = await RawPeer.ConnectAsync(stub.AppEndpoint, cancellationToken);
        await HoldAsync(app, milliseconds: 3_000, cancellationToken);

        var mark = cluster.Server.LineCount;
        Signals.Terminate(cluster.Server.Id);
        await cluster.Server.WaitForLineAsync("Server stopping", Cluster.StepTimeout, mark);
        await late.SendAsync("""{"jsonrpc":"2.0","id":3,"method":"gate.WhenHeld","params":[]}""", cancellationToken);
        var refused = await late.ReceiveAsync(3, cancellationToken);
        var held = await app.ReceiveAsync(1, cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That((int?)refused["error"]?["code"], Is.EqualTo(RpcErrorCodes.ServerUnavailable), refused.ToString());
            Assert.That((string?)held["result"], Is.EqualTo("held 3000"), held.ToString());
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
        var held = await app.ReceiveAsync(1, cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That((int?)held["error"]?["code"], Is.EqualTo(RpcErrorCodes.RequestCancelled), held.ToString());
            Assert.That(await cluster.Server.WaitForExitAsync(ExitTimeout), Is.Zero);
            Assert.That(await File.ReadAllTextAsync(LogFile(cluster), cancellationToken), Does.Contain("Cancelled 1 calls still running after 1 s (shutdownGraceSeconds)"));
        });
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Sigterm_StubWithCallInFlight_CallFinishesStubExitsZero(CancellationToken cancellationToken)
    {
        await using var cluster = await StartAsync(graceSeconds: 30);
        var (stub, app) = await ConnectAppAsync(cluster, cancellationToken);
        using var _ = app;
        await HoldAsync(app, milliseconds: 2_000, cancellationToken);

        var mark = stub.Process.LineCount;
        Signals.Terminate(stub.Process.Id);
        await stub.Process.WaitForLineAsync("stopping: waiting up to 10 s for 1 calls in flight", Cluster.StepTimeout, mark);
        var held = await app.ReceiveAsync(1, cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That((string?)held["result"], Is.EqualTo("held 2000"), held.ToString());
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
    private static async Task<(StubProcess Stub, RawPeer App)> ConnectAppAsync(Cluster cluster, CancellationToken cancellationToken)
    {
        var stub = await cluster.StartStubAsync("gatekeeper");
        var path = Path.Combine(cluster.WorkDir, "gate.cs");
        await File.WriteAllTextAsync(path, Gate, cancellationToken);
        Assert.That(await stub.RegisterAsync(path), Does.StartWith("Registered gate v1"));
        return (stub, await RawPeer.ConnectAsync(stub.AppEndpoint, cancellationToken));
    }

    // Starts gate.Hold as call 1 and returns once it runs on the server (call 2, WhenHeld, answered).
    private static async Task HoldAsync(RawPeer app, int milliseconds, CancellationToken cancellationToken)
    {
        await app.SendAsync($$"""{"jsonrpc":"2.0","id":1,"method":"gate.Hold","params":[{{milliseconds}}]}""", cancellationToken);
        await app.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"gate.WhenHeld","params":[]}""", cancellationToken);
        var started = await app.ReceiveAsync(2, cancellationToken);
        Assert.That((bool?)started["result"], Is.True, started.ToString());
    }
}
