using System.Diagnostics;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// Decides whether a synchronous function may run straight on the thread that read its call
/// (a connection's or a worker link's reader) instead of being handed to the thread pool: only
/// after a run of fast calls, back to the pool after a slow one there until it has shown a new
/// run, and never again after <see cref="MaxStrikes"/> long ones (<see cref="LongTicks"/>).
/// </summary>
/// <remarks>
/// A hand-off to the pool costs a thread wake-up per call, more than an <c>Add</c> itself. Running
/// on the reader holds up the calls behind it for as long as the function runs (until the
/// connection gives the reading to a new thread), so the gate lets only functions that have shown
/// they return at once. A call during which the garbage collector ran is not counted: a collection
/// that the call's allocation happened to start says nothing about the function. Nor does a call
/// of a few hundred microseconds: a thread preempted on a busy machine looks that slow, so such a
/// call only sends the function back to the pool for a run of calls. Before this, one collection
/// or preemption during any call of <c>z.Add</c> sent it to the pool for the server's lifetime
/// (bench/README.md, "the inline gate"). Thread-safe; the counts are best effort.
/// </remarks>
internal sealed class InlineGate
{
    /// <summary>The longest call that still counts as fast: 200 µs.</summary>
    public static readonly long FastTicks = Stopwatch.Frequency / 5_000;

    /// <summary>Fast calls (a slow one on the pool halves the count) before the function runs inline.</summary>
    public const int Streak = 16;

    /// <summary>
    /// A call on the reading thread this long (10 ms) is a strike: it held the calls behind it for
    /// longer than a preempted thread usually waits, so the function's work may simply be long.
    /// </summary>
    public static readonly long LongTicks = Stopwatch.Frequency / 100;

    /// <summary>Long calls (<see cref="LongTicks"/>) on the reading thread after which the function runs on the pool for good.</summary>
    public const int MaxStrikes = 3;

    /// <summary>Fast calls on the reading thread that forgive one earlier strike.</summary>
    public const int Forgiveness = 1_024;

    private int _fastInARow;
    private int _strikes;
    private int _fastSinceStrike;
    private int _closed;
    private int _runningInline;
    private long _runningInlineSince;

    /// <summary>
    /// True when the function's next call may run on the reading thread: after a run of fast calls,
    /// never after <see cref="MaxStrikes"/> slow ones there, and not while a call of it has been
    /// running there for longer than a fast call takes (one that never returns must not take
    /// reader after reader with it).
    /// </summary>
    public bool IsOpen =>
        Volatile.Read(ref _fastInARow) >= Streak
        && Volatile.Read(ref _closed) == 0
        && (Volatile.Read(ref _runningInline) == 0 || Stopwatch.GetTimestamp() - Volatile.Read(ref _runningInlineSince) <= FastTicks);

    /// <summary>True once <see cref="MaxStrikes"/> calls run inline were long: the function runs on the pool from then on.</summary>
    public bool IsClosedForGood => Volatile.Read(ref _closed) != 0;

    /// <summary>Long calls on the reading thread not yet forgiven.</summary>
    public int Strikes => Volatile.Read(ref _strikes);

    /// <summary>Marks a call as running on a reading thread; pass what it returns to <see cref="ExitInline"/>.</summary>
    public Timing EnterInline()
    {
        var timing = Timing.Start();
        if (Interlocked.Increment(ref _runningInline) == 1)
        {
            Volatile.Write(ref _runningInlineSince, timing.Started);
        }

        return timing;
    }

    /// <summary>
    /// Ends a call begun with <see cref="EnterInline"/>, records its time, and returns it (in
    /// ticks), or null when it is not counted (see <see cref="Timing.Elapsed"/>).
    /// </summary>
    public long? ExitInline(Timing timing)
    {
        var elapsed = timing.Elapsed();
        Record(elapsed, ranInline: true);
        Interlocked.Decrement(ref _runningInline);
        return elapsed;
    }

    /// <summary>Records how long a call ran (in <see cref="Stopwatch"/> ticks; null: not counted, see <see cref="Timing.Elapsed"/>) and where.</summary>
    public void Record(long? elapsedTicks, bool ranInline)
    {
        if (elapsedTicks is null)
        {
            return;
        }

        if (elapsedTicks <= FastTicks)
        {
            if (Volatile.Read(ref _fastInARow) < Streak)
            {
                Interlocked.Increment(ref _fastInARow);
            }

            if (ranInline && Volatile.Read(ref _strikes) > 0 && Interlocked.Increment(ref _fastSinceStrike) >= Forgiveness)
            {
                Volatile.Write(ref _fastSinceStrike, 0);
                Interlocked.Decrement(ref _strikes);
            }
        }
        else if (ranInline)
        {
            // Back to the pool until it has shown a new run of fast calls; after the third long
            // one, for good.
            Volatile.Write(ref _fastInARow, 0);
            if (elapsedTicks >= LongTicks)
            {
                Volatile.Write(ref _fastSinceStrike, 0);
                if (Interlocked.Increment(ref _strikes) >= MaxStrikes)
                {
                    Volatile.Write(ref _closed, 1);
                }
            }
        }
        else
        {
            // A slow call on the pool halves the count rather than clearing it: on a busy machine
            // a fast function is sometimes preempted.
            Volatile.Write(ref _fastInARow, Volatile.Read(ref _fastInARow) / 2);
        }
    }

    /// <summary>The start of one timed call: when, and how many collections the runtime had made then.</summary>
    /// <param name="Started">The <see cref="Stopwatch"/> timestamp at the start.</param>
    /// <param name="Collections">What <see cref="GC.CollectionCount"/> of generation 0 (every collection counts there) said at the start.</param>
    public readonly record struct Timing(long Started, int Collections)
    {
        /// <summary>Starts timing a call now.</summary>
        public static Timing Start() => new(Stopwatch.GetTimestamp(), GC.CollectionCount(0));

        /// <summary>
        /// The ticks since <see cref="Started"/>, or null when the collector ran meanwhile: its pause
        /// is not the function's time, and the pause it reports leaves out part of what it cost
        /// the thread (suspending, restarting), so the call is not counted at all.
        /// </summary>
        public long? Elapsed()
        {
            var wall = Stopwatch.GetTimestamp() - Started;
            return GC.CollectionCount(0) == Collections ? wall : null;
        }
    }
}
