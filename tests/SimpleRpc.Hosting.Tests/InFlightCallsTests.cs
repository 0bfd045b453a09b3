using SimpleRpc.Hosting;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Hosting.Tests;

[CancelAfter(10_000)]
public sealed class InFlightCallsTests
{
    [Test]
    public async Task DrainAsync_NoCalls_ReturnsZeroAtOnce()
    {
        var calls = new InFlightCalls();

        Assert.That(await calls.DrainAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None), Is.Zero);
    }

    [Test]
    public async Task DrainAsync_CallEndsWithinGrace_WaitsForItAndCancelsNothing()
    {
        var calls = new InFlightCalls();
        var lease = calls.Enter(CancellationToken.None, "stopping");
        var drain = calls.DrainAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None);
        Assert.That(drain.IsCompleted, Is.False, "the drain waits for the call");

        lease.Dispose();

        Assert.Multiple(async () =>
        {
            Assert.That(await drain, Is.Zero);
            Assert.That(calls.Abandoned.IsCancellationRequested, Is.False);
        });
    }

    [Test]
    public async Task DrainAsync_CallOutlivesGrace_CancelsItsTokenAndCountsIt()
    {
        var calls = new InFlightCalls();
        var lease = calls.Enter(CancellationToken.None, "stopping");
        lease.Token.Register(lease.Dispose);

        var cancelled = await calls.DrainAsync(TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(cancelled, Is.EqualTo(1));
            Assert.That(calls.Count, Is.Zero, "the cancelled call ended, and the drain waited for it");
        });
    }

    [Test]
    public void Enter_WhileDraining_IsRefusedWithServerUnavailable()
    {
        var calls = new InFlightCalls();
        _ = calls.DrainAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(() => calls.Enter(CancellationToken.None, "The server is shutting down"), Throws.TypeOf<RpcException>().With.Property(nameof(RpcException.Code)).EqualTo(RpcErrorCodes.ServerUnavailable));
            Assert.That(calls.TryEnter(), Is.False);
            Assert.That(calls.Count, Is.Zero);
        });
    }

    [Test]
    public void Lease_CallerCancels_TokenIsCancelled()
    {
        var calls = new InFlightCalls();
        using var caller = new CancellationTokenSource();
        using var lease = calls.Enter(caller.Token, "stopping");

        caller.Cancel();

        Assert.That(lease.Token.IsCancellationRequested, Is.True);
    }
}
