using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using SimpleRpc.Protocol;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Dispatch;

/// <summary>
/// A worker's dispatcher runs a synchronous function on the calling thread once its calls have
/// proven fast (InlineGate), and hands it to the pool again for good after one slow call.
/// Whether a call ran here is told by the task: one run on the pool cannot have finished while
/// its function still sleeps, one run here has.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public class CallDispatcherInlineTests
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

            public static int Other(int ms)
            {
                System.Threading.Thread.Sleep(ms);
                return ms;
            }
        }
        """;

    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(300);

    [Test]
    public async Task DispatchAsync_FastStreakThenSlowCall_SlowOneRunsHereLaterOnesOnThePool(CancellationToken cancellationToken)
    {
        var (dispatcher, module) = await DispatcherAsync(runsFastCallsInline: true, cancellationToken);
        await OpenGateAsync(dispatcher, module, "Sleep", cancellationToken);

        // The gate is open: this call blocks the caller for its whole sleep, and passing its
        // deadline there still answers as a deadline.
        var watch = Stopwatch.StartNew();
        var inline = dispatcher.DispatchAsync(Request("wait.Sleep", Slow, timeoutMs: 100), "test", cancellationToken);
        Assert.That(inline.IsCompleted, Is.True, "ran on the calling thread");
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(Slow - TimeSpan.FromMilliseconds(20)));
        Assert.That((await inline).Error?.Code, Is.EqualTo(RpcErrorCodes.Timeout));

        // One slow call closed the gate for good, fast calls or not.
        await CallFastAsync(dispatcher, "wait.Sleep", InlineGate.Streak * 2, cancellationToken);
        var pooled = dispatcher.DispatchAsync(Request("wait.Sleep", Slow), "test", cancellationToken);
        Assert.That(pooled.IsCompleted, Is.False, "back on the pool");
        Assert.That((await pooled).ResultJson, Is.EqualTo("300"));

        // The gate is the function's own: another one of the module still opens.
        await OpenGateAsync(dispatcher, module, "Other", cancellationToken);
        Assert.That(dispatcher.DispatchAsync(Request("wait.Other", TimeSpan.FromMilliseconds(50)), "test", cancellationToken).IsCompleted, Is.True);
    }

    [Test]
    public async Task DispatchAsync_InlineOff_FastFunctionStaysOnThePool(CancellationToken cancellationToken)
    {
        var (dispatcher, _) = await DispatcherAsync(runsFastCallsInline: false, cancellationToken);
        await CallFastAsync(dispatcher, "wait.Sleep", InlineGate.Streak * 2, cancellationToken);

        var pooled = dispatcher.DispatchAsync(Request("wait.Sleep", Slow), "test", cancellationToken);
        Assert.That(pooled.IsCompleted, Is.False, "the server's own dispatcher never runs module code on the caller's thread");
        Assert.That((await pooled).ResultJson, Is.EqualTo("300"));
    }

    private static async Task<(CallDispatcher, LoadedModule)> DispatcherAsync(bool runsFastCallsInline, CancellationToken cancellationToken)
    {
        var host = new ModuleHost();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Probe)));
        var outcome = await host.Registry.RegisterAsync("wait", Probe, sha, "test", cancellationToken);
        Assert.That(outcome.Success, Is.True, string.Join("\n", outcome.Diagnostics));
        var (log, _) = CollectingSink.CreateLogger();
        return (new CallDispatcher(host.Registry, log) { RunsFastCallsInline = runsFastCallsInline }, host.Registry.Find("wait")!);
    }

    // Fast calls until the function's gate opens: a first call that compiles it just in time is
    // not fast, nor is one preempted on a busy machine, so the count it takes varies.
    private static async Task OpenGateAsync(CallDispatcher dispatcher, LoadedModule module, string function, CancellationToken cancellationToken)
    {
        var gate = module.Overloads(function)[0].Inline;
        for (var i = 0; i < 1_000 && !gate.IsOpen; i++)
        {
            await CallFastAsync(dispatcher, "wait." + function, 1, cancellationToken);
        }

        Assert.That(gate.IsOpen, Is.True, "the gate opens after fast calls");
    }

    private static async Task CallFastAsync(CallDispatcher dispatcher, string method, int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            var reply = await dispatcher.DispatchAsync(Request(method, TimeSpan.Zero), "test", cancellationToken);
            Assert.That(reply.ResultJson, Is.EqualTo("0"), reply.Error?.Message);
        }
    }

    private static JsonRpcMessage Request(string method, TimeSpan sleep, int? timeoutMs = null) =>
        new() { Id = RpcId.From(1), Method = method, ParamsJson = $"[{(int)sleep.TotalMilliseconds}]", TimeoutMs = timeoutMs };
}
