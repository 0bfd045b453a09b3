using System.Diagnostics;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// Decides whether a synchronous function may run straight on the thread that read its call
/// (a worker's link reader) instead of being handed to the thread pool: only after a run of
/// fast calls, and never again once a call run that way was slow.
/// </summary>
/// <remarks>
/// A hand-off to the pool costs a thread wake-up per call, more than an <c>Add</c> itself. Running
/// on the reader holds up the calls behind it for as long as the function runs, so the gate lets
/// only functions that have shown they return at once; a worker whose reader is stuck for good
/// is stopped by the server's backstop past the call's deadline. Thread-safe.
/// </remarks>
internal sealed class InlineGate
{
    /// <summary>The longest call that still counts as fast: 200 µs.</summary>
    public static readonly long FastTicks = Stopwatch.Frequency / 5_000;

    /// <summary>Fast calls (a slow one on the pool halves the count) before the function runs inline.</summary>
    public const int Streak = 16;

    private int _fastInARow;
    private int _closed;

    /// <summary>True when the function's next call may run on the reading thread.</summary>
    public bool IsOpen => Volatile.Read(ref _fastInARow) >= Streak && Volatile.Read(ref _closed) == 0;

    /// <summary>True once a call run inline was slow: the function runs on the pool from then on.</summary>
    public bool IsClosedForGood => Volatile.Read(ref _closed) != 0;

    /// <summary>Records how long a call ran (in <see cref="Stopwatch"/> ticks) and where.</summary>
    public void Record(long elapsedTicks, bool ranInline)
    {
        if (elapsedTicks <= FastTicks)
        {
            if (Volatile.Read(ref _fastInARow) < Streak)
            {
                Interlocked.Increment(ref _fastInARow);
            }
        }
        else if (ranInline)
        {
            Volatile.Write(ref _closed, 1);
        }
        else
        {
            // A slow call on the pool halves the count rather than clearing it: on a busy machine
            // a fast function is sometimes preempted, and one slow call run inline closes the gate anyway.
            Volatile.Write(ref _fastInARow, Volatile.Read(ref _fastInARow) / 2);
        }
    }
}
