using System.Diagnostics;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// Decides whether a synchronous function may run straight on the thread that read its call
/// (a worker's link reader) instead of being handed to the thread pool: only after a run of
/// fast calls, and never again once a call run that way was slow.
/// </summary>
/// <remarks>
/// A hand-off to the pool costs a thread wake-up per call, more than an <c>Add</c> itself. Running
/// on the reader holds up the calls behind it for as long as the function runs (until the
/// connection gives the reading to a new thread), so the gate lets only functions that have shown
/// they return at once. Thread-safe.
/// </remarks>
internal sealed class InlineGate
{
    /// <summary>The longest call that still counts as fast: 200 µs.</summary>
    public static readonly long FastTicks = Stopwatch.Frequency / 5_000;

    /// <summary>Fast calls (a slow one on the pool halves the count) before the function runs inline.</summary>
    public const int Streak = 16;

    private int _fastInARow;
    private int _closed;
    private int _runningInline;
    private long _runningInlineSince;

    /// <summary>
    /// True when the function's next call may run on the reading thread: after a run of fast calls,
    /// never after a slow one there, and not while a call of it has been running there for longer
    /// than a fast call takes (one that never returns must not take reader after reader with it).
    /// </summary>
    public bool IsOpen =>
        Volatile.Read(ref _fastInARow) >= Streak
        && Volatile.Read(ref _closed) == 0
        && (Volatile.Read(ref _runningInline) == 0 || Stopwatch.GetTimestamp() - Volatile.Read(ref _runningInlineSince) <= FastTicks);

    /// <summary>Marks a call as running on a reading thread; returns its start for <see cref="ExitInline"/>.</summary>
    public long EnterInline()
    {
        var now = Stopwatch.GetTimestamp();
        if (Interlocked.Increment(ref _runningInline) == 1)
        {
            Volatile.Write(ref _runningInlineSince, now);
        }

        return now;
    }

    /// <summary>Ends a call begun with <see cref="EnterInline"/>, records its time, and returns it (in ticks).</summary>
    public long ExitInline(long start)
    {
        var elapsed = Stopwatch.GetTimestamp() - start;
        Record(elapsed, ranInline: true);
        Interlocked.Decrement(ref _runningInline);
        return elapsed;
    }

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
