using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Hosting;

/// <summary>
/// Counts the calls a process is running so a graceful stop can wait for them: once
/// <see cref="DrainAsync"/> starts, new calls are refused, the running ones get a grace period,
/// then whatever is left is cancelled through <see cref="Abandoned"/>.
/// </summary>
/// <remarks>
/// Thread-safe and lock-free: callers <see cref="TryEnter"/> and <see cref="Exit"/> from any
/// thread; a call that enters while the drain starts either is counted or is refused, never lost
/// (both sides use full fences, Dekker-style).
/// </remarks>
public sealed class InFlightCalls
{
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abandon = new();
    private int _count;
    private int _draining;

    /// <summary>Calls running now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>True once <see cref="DrainAsync"/> started: new calls are refused.</summary>
    public bool IsDraining => Volatile.Read(ref _draining) != 0;

    /// <summary>Cancelled when the grace period passed with calls still running.</summary>
    public CancellationToken Abandoned => _abandon.Token;

    /// <summary>Counts a new call; false (and not counted) once draining.</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _count);
        if (Volatile.Read(ref _draining) == 0)
        {
            return true;
        }

        Exit();
        return false;
    }

    /// <summary>Ends a call counted by a successful <see cref="TryEnter"/>; call it exactly once.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _count) == 0 && Volatile.Read(ref _draining) != 0)
        {
            _idle.TrySetResult();
        }
    }

    /// <summary>
    /// Counts a call for the length of a <c>using</c> scope, with a token that is cancelled by
    /// <paramref name="callToken"/> or when the drain gives up on it.
    /// </summary>
    /// <param name="callToken">The call's own cancellation.</param>
    /// <param name="refusal">Said to the caller when the process is stopping.</param>
    /// <exception cref="RpcException">The process is stopping (<see cref="RpcErrorCodes.ServerUnavailable"/>).</exception>
    public Lease Enter(CancellationToken callToken, string refusal)
    {
        if (!TryEnter())
        {
            throw new RpcException(RpcErrorCodes.ServerUnavailable, refusal);
        }

        return new Lease(this, CancellationTokenSource.CreateLinkedTokenSource(callToken, _abandon.Token));
    }

    /// <summary>Refuses new calls from now on (the first step of <see cref="DrainAsync"/>, which calls it too).</summary>
    public void StopAccepting()
    {
        Interlocked.Exchange(ref _draining, 1);
        if (Volatile.Read(ref _count) == 0)
        {
            _idle.TrySetResult();
        }
    }

    /// <summary>
    /// Refuses new calls, waits up to <paramref name="grace"/> for the running ones, then cancels
    /// the rest through <see cref="Abandoned"/> and waits up to <paramref name="afterCancel"/> for
    /// them to answer. Call it once.
    /// </summary>
    /// <returns>The number of calls that were cancelled (0: all finished within the grace).</returns>
    public async Task<int> DrainAsync(TimeSpan grace, TimeSpan afterCancel, CancellationToken cancellationToken)
    {
        StopAccepting();
        if (await Finished(grace, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var left = Count;
        await _abandon.CancelAsync().ConfigureAwait(false);
        await Finished(afterCancel, cancellationToken).ConfigureAwait(false);
        return left;
    }

    private async Task<bool> Finished(TimeSpan within, CancellationToken cancellationToken)
    {
        try
        {
            await _idle.Task.WaitAsync(within, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>One counted call; dispose it when the call has replied.</summary>
    public readonly struct Lease(InFlightCalls calls, CancellationTokenSource source) : IDisposable
    {
        /// <summary>Cancelled by the call's own token or when the drain gives up on the call.</summary>
        public CancellationToken Token => source.Token;

        /// <inheritdoc/>
        public void Dispose()
        {
            source.Dispose();
            calls.Exit();
        }
    }
}
