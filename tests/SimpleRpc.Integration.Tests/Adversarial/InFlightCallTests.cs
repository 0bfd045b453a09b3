using Newtonsoft.Json.Linq;
using SimpleRpc.Client;
using SimpleRpc.Integration.Tests.Support;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// Calls whose caller, stub or module goes away or changes while they run. The server is shared:
/// only a stub started for the case is killed, and the fixture's stub alpha must keep being served.
/// </summary>
[TestFixture]
[NonParallelizable]
public class InFlightCallTests : AdversarialFixture
{
    // Only tasks and tokens, which the module policy allows. A replaced version's statics can only
    // be reached by a call still running on it: cancelling ReleaseWhenCancelled releases Hold.
    private const string SwapV1 = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Swap
        {
            private static readonly TaskCompletionSource<bool> Released = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public static string Version() => "v1";

            public static async Task<string> Hold(CancellationToken cancellationToken)
            {
                await Released.Task.WaitAsync(cancellationToken);
                return "v1 finished";
            }

            public static async Task<int> ReleaseWhenCancelled(CancellationToken cancellationToken)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    return 0;
                }
                catch (OperationCanceledException)
                {
                    Released.TrySetResult(true);
                    throw;
                }
            }
        }
        """;

    // Burns a core and ignores its token: a deadline stops the waiting, not the code.
    private const string Spin = """
        using System;

        public static class Spin
        {
            public static long Burn(int milliseconds)
            {
                var end = Environment.TickCount64 + milliseconds;
                long turns = 0;
                while (Environment.TickCount64 < end)
                {
                    turns++;
                }

                return turns;
            }
        }
        """;

    [Test]
    [CancelAfter(120_000)]
    public async Task BusyLoopIgnoringItsToken_TimeoutItsWorkerKilledOthersServed(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Cluster.WorkDir, "spin.cs");
        await File.WriteAllTextAsync(path, Spin, cancellationToken);
        Assert.That(await Stub.RegisterAsync(path), Does.StartWith("Registered spin v1"));

        var mark = Cluster.Server.LineCount;
        using var app = await JsonLinePeer.ConnectAsync(Stub.AppEndpoint, cancellationToken);
        await app.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"spin.Burn","params":[2000],"timeoutMs":300}""", cancellationToken);
        WireAssert.Error(await app.ReplyToAsync(1, cancellationToken), 1, -32021, "The call to spin.Burn passed its deadline of 300 ms.");
        // The loop ignores its token: its worker process is killed, which ends the loop.
        await Cluster.Server.WaitForLineAsync(@"Killing worker process \d+ of spin: a call to spin\.Burn kept running after its deadline or cancellation", Cluster.StepTimeout, mark);
        await AssertStillServesAsync(Cluster, Stub, cancellationToken);

        // The other cases count running calls: let the loop end first.
        await ServerStatsProbe.WaitForCallsAsync(Cluster, 0);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task AppDisconnectsMidCall_ServerCancelsTheCall(CancellationToken cancellationToken)
    {
        var mark = Cluster.Server.LineCount;
        using (var app = await JsonLinePeer.ConnectAsync(Stub.AppEndpoint, cancellationToken))
        {
            await app.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"z.SlowAdd","params":[1,2,60000]}""", cancellationToken);
            await ServerStatsProbe.WaitForCallsAsync(Cluster, 1);
        }

        await Cluster.Server.WaitForLineAsync(@"Call z\.SlowAdd from alpha was cancelled", Cluster.StepTimeout, mark);
        await ServerStatsProbe.WaitForCallsAsync(Cluster, 0);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task StubKilledMidCall_AppCallFailsFastWithConnectionLost_ServerServesOtherStubs(CancellationToken cancellationToken)
    {
        var victim = await Cluster.StartStubAsync("victim");
        await using var app = new RpcClient(victim.AppEndpoint);
        var pending = app.InvokeAsync<int>(new RpcMethod("z", 1, "SlowAdd(int,int,int)"), [1, 2, 60_000], CancellationToken.None);
        await ServerStatsProbe.WaitForCallsAsync(Cluster, 1);

        var mark = Cluster.Server.LineCount;
        victim.Process.Kill();

        // Well before the call's own 30 s deadline: the lost connection ends it.
        var lost = Assert.ThrowsAsync<RpcException>(async () => await pending.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken))!;
        Assert.That(lost.Code, Is.EqualTo(RpcErrorCodes.ConnectionLost), lost.Message);
        Assert.That(lost.Message, Does.Contain("was lost before the reply arrived."));

        await Cluster.Server.WaitForLineAsync(@"Call z\.SlowAdd\(int,int,int\) from victim was cancelled", Cluster.StepTimeout, mark);
        await Cluster.Server.WaitForLineAsync("Client victim disconnected", Cluster.StepTimeout, mark);
        await ServerStatsProbe.WaitForCallsAsync(Cluster, 0);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ModuleReplacedMidCall_CallInFlightFinishesOnOldVersion_NewCallsGetNew(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Cluster.WorkDir, "swap")).FullName;
        var path = Path.Combine(folder, "swap.cs");
        await File.WriteAllTextAsync(path, SwapV1, cancellationToken);
        Assert.That(await Stub.RegisterAsync(path), Does.StartWith("Registered swap v1"));

        // A call of an earlier case may still be running (the busy loop ignores its deadline):
        // counting two calls below must mean these two.
        await ServerStatsProbe.WaitForCallsAsync(Cluster, 0);
        using var app = await JsonLinePeer.ConnectAsync(Stub.AppEndpoint, cancellationToken);
        await app.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"swap.Hold","params":[]}""", cancellationToken);
        await app.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"swap.ReleaseWhenCancelled","params":[]}""", cancellationToken);
        await ServerStatsProbe.WaitForCallsAsync(Cluster, 2);

        await File.WriteAllTextAsync(path, SwapV1.Replace("\"v1", "\"v2", StringComparison.Ordinal), cancellationToken);
        var mark = Cluster.Server.LineCount;
        Assert.That(await Stub.RegisterAsync(path), Does.StartWith("Registered swap v2"));
        Assert.That(WireAssert.Result(await app.CallAsync("swap.Version", new JArray(), cancellationToken)).ToString(), Is.EqualTo("v2"), "new calls go to the new version");
        Assert.That(Cluster.Server.Lines.Skip(mark), Has.None.Contains("Unloaded swap v1"), "v1 stays loaded while its calls run");

        await app.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}""", cancellationToken);
        // Releasing Hold and answering the cancelled call race on the server: the two replies
        // come in either order, and ReplyToAsync would drop the one it is not waiting for.
        var replies = new Dictionary<long, JObject>();
        while (replies.Count < 2)
        {
            var reply = await app.NextReplyAsync(cancellationToken);
            replies[(long)reply["id"]!] = reply;
        }

        WireAssert.Error(replies[2], 2, -32800, "The call to swap.ReleaseWhenCancelled was cancelled.");
        Assert.That(WireAssert.Result(replies[1]).ToString(), Is.EqualTo("v1 finished"), "the call in flight finished on the old version");
        await Cluster.Server.WaitForLineAsync("Unloaded swap v1", Cluster.StepTimeout, mark);
        Assert.That(WireAssert.Result(await app.CallAsync("swap.Version", new JArray(), cancellationToken)).ToString(), Is.EqualTo("v2"));
    }
}
