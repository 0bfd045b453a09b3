namespace SimpleRpc.Framing;

/// <summary>
/// Holds back the frames that a read loop's handlers send while it works through the lines one
/// receive brought, then sends each writer's frames in one write: with many calls in flight, a
/// relay or a server makes one send per batch of replies instead of one per reply.
/// </summary>
/// <remarks>
/// One read loop owns a batch. <see cref="Enter"/> makes it the current batch of the calling
/// thread until the scope is disposed, which must happen before the loop awaits anything (the
/// scope is thread-bound). A <see cref="LineFrameWriter"/> that becomes idle-to-busy on that
/// thread registers here instead of writing; <see cref="Flush"/> starts those writes. Writers
/// keep their writer role while they wait, so frames other threads queue meanwhile follow in order.
/// <see cref="Flush"/> may also be called from another thread: a connection that takes the reading
/// over from a loop stuck in a handler sends what that loop held back.
/// </remarks>
public sealed class WriteBatch
{
    [ThreadStatic]
    private static WriteBatch? _current;

    private readonly List<LineFrameWriter> _writers = [];

    /// <summary>The batch of the read loop running on this thread, if any.</summary>
    internal static WriteBatch? Current => _current;

    /// <summary>Makes this the calling thread's batch until the result is disposed.</summary>
    public Scope Enter()
    {
        var previous = _current;
        _current = this;
        return new Scope(previous);
    }

    /// <summary>Starts the write of every writer that waited for this batch.</summary>
    public void Flush()
    {
        // Each writer leaves the list before its write starts: a write that fails at once runs
        // the connection's close, which flushes the current batch again, and must not find it.
        while (true)
        {
            LineFrameWriter writer;
            lock (_writers)
            {
                if (_writers.Count == 0)
                {
                    return;
                }

                writer = _writers[^1];
                _writers.RemoveAt(_writers.Count - 1);
            }

            writer.StartDeferredWrite();
        }
    }

    internal void Defer(LineFrameWriter writer)
    {
        lock (_writers)
        {
            _writers.Add(writer);
        }
    }

    /// <summary>
    /// Starts the held-back writes of the calling thread's batch, if it is in one, and lets this
    /// thread write at once until the result is disposed: for a caller about to block on a reply.
    /// </summary>
    public static Scope Suspend()
    {
        var previous = _current;
        _current = null;
        previous?.Flush();
        return new Scope(previous);
    }

    /// <summary>The thread's batch while it lasts; restores the previous one when disposed.</summary>
    public readonly struct Scope(WriteBatch? previous) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() => _current = previous;
    }
}
