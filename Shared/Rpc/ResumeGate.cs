using System.Diagnostics;

namespace SimpleRpc.Rpc;

/// <summary>
/// Whether the code awaiting a reply may still run on the connection's reading thread
/// (<see cref="JsonRpcConnectionOptions.ResumeCallersOnReader"/>): yes until it has run long there
/// <see cref="MaxStrikes"/> times. A long run holds every later reply of the connection for up to
/// <see cref="JsonRpcConnection.ReaderTakeoverAfter"/> (then a new thread reads on), so an app
/// whose code after an await does long work goes back to resuming on the pool for good.
/// </summary>
/// <remarks>Thread-safe; the counts are best effort.</remarks>
internal sealed class ResumeGate
{
    /// <summary>A resumed caller that ran this long (10 ms) on the reading thread is a strike.</summary>
    public static readonly long LongTicks = Stopwatch.Frequency / 100;

    /// <summary>Strikes after which callers resume on the pool for good.</summary>
    public const int MaxStrikes = 3;

    private int _strikes;

    /// <summary>True while callers may resume on the reading thread.</summary>
    public bool IsOpen => Volatile.Read(ref _strikes) < MaxStrikes;

    /// <summary>Long runs so far.</summary>
    public int Strikes => Volatile.Read(ref _strikes);

    /// <summary>Records how long (in <see cref="Stopwatch"/> ticks) a caller ran on the reading thread; true when that closed the gate.</summary>
    public bool Record(long elapsedTicks) =>
        elapsedTicks >= LongTicks && Interlocked.Increment(ref _strikes) == MaxStrikes;
}
