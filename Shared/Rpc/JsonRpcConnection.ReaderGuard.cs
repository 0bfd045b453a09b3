using System.Collections.Concurrent;
using System.Diagnostics;
using SimpleRpc.Diagnostics;
using SimpleRpc.Framing;

namespace SimpleRpc.Rpc;

public sealed partial class JsonRpcConnection
{
    /// <summary>
    /// How long a handler may hold a connection's reading thread before the reading moves on to a
    /// new thread (<see cref="ReaderCanBeTakenOver"/>): 50 ms, checked every 25 ms.
    /// </summary>
    public static readonly TimeSpan ReaderTakeoverAfter = TimeSpan.FromMilliseconds(50);

    private const long TakenOver = -1;
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromMilliseconds(25);
    private static readonly long TakeoverTicks = (long)(ReaderTakeoverAfter.TotalSeconds * Stopwatch.Frequency);
    private static readonly ConcurrentDictionary<JsonRpcConnection, byte> Watched = new();
    private static Timer? _watchdog;

    [ThreadStatic]
    private static ReaderTurn? _currentTurn;

    // The turn of the thread that reads now; each reading thread has its own.
    private ReaderTurn? _turn;

    /// <summary>
    /// True on a connection's own reading thread while it runs a handler, when a handler that
    /// blocks there cannot stall the connection: if it is still running after
    /// <see cref="ReaderTakeoverAfter"/>, what it held back is sent and a new thread reads on. A
    /// handler may then run work it expects to be short right there instead of handing it to the
    /// pool (one thread wake-up less per call); a slow one costs its peer up to that long once.
    /// </summary>
    public static bool ReaderCanBeTakenOver => _currentTurn is not null;

    /// <summary>
    /// Called by a handler on a reading thread that can be taken over (<see cref="ReaderCanBeTakenOver"/>)
    /// just before work that does not depend on the order of the messages after it (a module call):
    /// from then until the handler returns, the watchdog may give the reading to a new thread.
    /// Until a handler calls it, messages are handled strictly in order (a hello before the
    /// upload that follows it). Does nothing elsewhere.
    /// </summary>
    public static void AllowReaderTakeover()
    {
        if (_currentTurn is { } turn)
        {
            Volatile.Write(ref turn.HandlerSince, Stopwatch.GetTimestamp());
        }
    }

    // Called by the reading thread before a handler: the handler may allow a takeover.
    private static void EnterGuardedHandler(ReaderTurn turn) => _currentTurn = turn;

    // Called by the reading thread after the handler returned; false when the reading was taken
    // over meanwhile: this thread must not touch the reader again.
    private static bool ExitGuardedHandler(ReaderTurn turn)
    {
        _currentTurn = null;
        return Interlocked.Exchange(ref turn.HandlerSince, 0) != TakenOver;
    }

    private ReaderTurn WatchReader(WriteBatch batch)
    {
        var turn = new ReaderTurn(batch);
        Volatile.Write(ref _turn, turn);
        if (Watched.TryAdd(this, 0) && Volatile.Read(ref _watchdog) is null)
        {
            var timer = new Timer(static _ => TakeOverStuckReaders(), null, Timeout.Infinite, Timeout.Infinite);
            if (Interlocked.CompareExchange(ref _watchdog, timer, null) is null)
            {
                timer.Change(WatchPeriod, WatchPeriod);
            }
            else
            {
                timer.Dispose();
            }
        }

        return turn;
    }

    private void StopWatchingReader() => Watched.TryRemove(this, out _);

    private static void TakeOverStuckReaders()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var (connection, _) in Watched)
        {
            if (Volatile.Read(ref connection._turn) is not { } turn)
            {
                continue;
            }

            var since = Volatile.Read(ref turn.HandlerSince);
            if (since > 0 && now - since > TakeoverTicks && Interlocked.CompareExchange(ref turn.HandlerSince, TakenOver, since) == since)
            {
                connection.TakeOverReading(turn, since);
            }
        }
    }

    // The stuck thread's held-back replies go out now, and a new thread reads on; the stuck one
    // ends when its handler returns (JsonRpcConnectionReaderTakeoverTests).
    private void TakeOverReading(ReaderTurn stuck, long since)
    {
        stuck.Batch.Flush();
        if (IsClosed)
        {
            return;
        }

        ConnectionLog.ReadingTakenOver(_log, DisplayName, (long)Stopwatch.GetElapsedTime(since).TotalMilliseconds);
        Interlocked.Increment(ref _dedicatedReaders);
        new Thread(ReadLoopOnThread) { IsBackground = true, Name = "SimpleRpc reader" }.Start();
    }

    // One reading thread's state: the Stopwatch timestamp at which it started the handler it is
    // in, 0 while it runs none, TakenOver once the watchdog gave the reading to a new thread.
    private sealed class ReaderTurn(WriteBatch batch)
    {
        public long HandlerSince;

        public WriteBatch Batch { get; } = batch;
    }
}
