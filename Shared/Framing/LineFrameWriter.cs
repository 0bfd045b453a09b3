using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace SimpleRpc.Framing;

/// <summary>
/// Writes newline-delimited frames to a stream. Any thread may enqueue; the thread that finds
/// no write in progress becomes the writer and drains the queue, coalescing frames into one
/// write. Nobody waits on a lock while a write is on the wire, and there is no extra thread hop.
/// On a read loop's thread inside a <see cref="WriteBatch"/>, the write waits for the batch's end.
/// </summary>
/// <remarks>
/// Frames from one caller keep their order. A failed write faults the writer: later frames are
/// dropped and <see cref="Faulted"/> fires once, so the connection can close.
/// </remarks>
public sealed class LineFrameWriter : IDisposable
{
    private const int CoalesceBytes = 64 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly ConcurrentQueue<Frame> _queue = new();
    private readonly Stream _stream;
    private readonly long _maxQueuedBytes;
    private long _queuedBytes;
    private long _bytesWritten;
    private int _writing;
    private int _faulted;

    /// <summary>Creates a writer; more than <paramref name="maxQueuedBytes"/> unsent bytes fault it.</summary>
    public LineFrameWriter(Stream stream, long maxQueuedBytes)
    {
        _stream = stream;
        _maxQueuedBytes = maxQueuedBytes;
    }

    /// <summary>Bytes written to the stream so far (for metrics; any thread may read it).</summary>
    public long BytesWritten => Volatile.Read(ref _bytesWritten);

    /// <summary>Raised once when a write fails or the queue passes its limit.</summary>
    public event Action<Exception>? Faulted;

    /// <summary>Queues <paramref name="text"/> plus a newline; returns false once the writer has faulted.</summary>
    public bool Enqueue(StringBuilder text) => Enqueue(text, yieldFirst: false);

    /// <summary>Queues <paramref name="text"/> plus a newline; returns false once the writer has faulted.</summary>
    /// <param name="text">The frame, without its newline.</param>
    /// <param name="yieldFirst">
    /// When this frame makes the writer busy, start the write from the thread pool's queue rather
    /// than on this thread: frames that other pool threads are about to queue (replies of calls
    /// running beside this one) then leave in the same write. For a sender that knows more
    /// frames are coming; it costs one queue hop, never a wait.
    /// </param>
    public bool Enqueue(StringBuilder text, bool yieldFirst)
    {
        if (Volatile.Read(ref _faulted) != 0)
        {
            return false;
        }

        var frame = new FrameBuilder(Utf8.GetMaxByteCount(text.Length) + 1);
        foreach (var chunk in text.GetChunks())
        {
            frame.AppendText(chunk.Span);
        }

        return Enqueue(ref frame, yieldFirst);
    }

    /// <summary>
    /// Queues the frame <paramref name="frame"/> holds plus a newline, taking its array over
    /// (the builder is empty after); returns false once the writer has faulted.
    /// </summary>
    /// <param name="frame">The frame's UTF-8 bytes, without the newline.</param>
    /// <param name="yieldFirst">As for <see cref="Enqueue(StringBuilder, bool)"/>.</param>
    internal bool Enqueue(ref FrameBuilder frame, bool yieldFirst)
    {
        if (Volatile.Read(ref _faulted) != 0)
        {
            frame.Dispose();
            return false;
        }

        var (buffer, length) = frame.Detach();
        buffer[length++] = (byte)'\n';
        if (Interlocked.Add(ref _queuedBytes, length) > _maxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, -length);
            ArrayPool<byte>.Shared.Return(buffer);
            Fault(new IOException($"The peer is not reading: more than {_maxQueuedBytes} bytes are waiting to be sent (maxQueuedBytes)."));
            return false;
        }

        _queue.Enqueue(new Frame(buffer, length));
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            if (WriteBatch.Current is { } batch)
            {
                // A read loop is handling a batch of lines on this thread: more frames for this
                // writer are likely to follow before it waits again, so write them together then.
                batch.Defer(this);
            }
            else if (yieldFirst)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static writer => writer.StartDeferredWrite(), this, preferLocal: false);
            }
            else
            {
                _ = DrainAsync();
            }
        }

        return true;
    }

    /// <summary>Writes what a <see cref="WriteBatch"/> held back; this writer holds the writer role already.</summary>
    internal void StartDeferredWrite() => _ = DrainAsync();

    private async Task DrainAsync()
    {
        var batch = ArrayPool<byte>.Shared.Rent(CoalesceBytes);
        try
        {
            while (true)
            {
                while (_queue.TryDequeue(out var frame))
                {
                    if (frame.Length > batch.Length)
                    {
                        await _stream.WriteAsync(frame.Buffer.AsMemory(0, frame.Length)).ConfigureAwait(false);
                        _bytesWritten += frame.Length;
                        Release(frame);
                        continue;
                    }

                    var used = 0;
                    var next = frame;
                    while (true)
                    {
                        Buffer.BlockCopy(next.Buffer, 0, batch, used, next.Length);
                        used += next.Length;
                        Release(next);
                        if (!_queue.TryPeek(out var peek) || used + peek.Length > batch.Length || !_queue.TryDequeue(out next))
                        {
                            break;
                        }
                    }

                    await _stream.WriteAsync(batch.AsMemory(0, used)).ConfigureAwait(false);
                    _bytesWritten += used;
                }

                await _stream.FlushAsync().ConfigureAwait(false);
                Volatile.Write(ref _writing, 0);
                // A frame enqueued after our last TryDequeue but before the reset above would be
                // stranded; re-check and take the writer role back if so.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            Fault(ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch);
        }
    }

    private void Release(Frame frame)
    {
        Interlocked.Add(ref _queuedBytes, -frame.Length);
        ArrayPool<byte>.Shared.Return(frame.Buffer);
    }

    private void Fault(Exception ex)
    {
        if (Interlocked.Exchange(ref _faulted, 1) != 0)
        {
            return;
        }

        while (_queue.TryDequeue(out var frame))
        {
            Release(frame);
        }

        Faulted?.Invoke(ex);
    }

    /// <inheritdoc/>
    public void Dispose() => Fault(new ObjectDisposedException(nameof(LineFrameWriter)));

    private readonly record struct Frame(byte[] Buffer, int Length);
}
