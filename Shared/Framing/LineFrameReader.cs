using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace SimpleRpc.Framing;

/// <summary>
/// Reads newline-delimited frames (one JSON-RPC message per line, UTF-8) from a stream, using a
/// pooled buffer that grows up to <see cref="MaxFrameBytes"/>.
/// </summary>
/// <remarks>Not thread-safe: one reader loop owns it. Blank lines and a trailing <c>\r</c> are skipped.</remarks>
public sealed class LineFrameReader : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Stream _stream;
    // Set when the stream is a socket's: the blocking Fill then waits on it directly (SocketReceive).
    private readonly Socket? _socket;
    // Else, when the stream can say whether a read would block, what the spin asks (IReadinessProbe).
    private readonly IReadinessProbe? _probe;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;
    private long _bytesRead;
    // The last receive took less than it had room for: the socket was empty then.
    private bool _drained;
    // A receive filled all the room there was: more was waiting.
    private bool _filled;
    private readonly long _spinTicks;

    // A reader starts small; one whose receives fill its buffer (a batch of calls with 1 KB
    // arguments is 35 KB or more) gets room for a whole batch, so it takes one receive instead of
    // three: in bench/CallPath's 1 KB echo the stub's CPU per call fell 9.1 → 7.9 µs and the
    // threads woken per call 0.52 → 0.36.
    private const int InitialBytes = 16 * 1024;
    private const int BatchBytes = 64 * 1024;

    /// <summary>Creates a reader over <paramref name="stream"/>.</summary>
    public LineFrameReader(Stream stream, int maxFrameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 16);
        _stream = stream;
        _socket = (stream as NetworkStream)?.Socket;
        _probe = stream as IReadinessProbe;
        MaxFrameBytes = maxFrameBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBytes, maxFrameBytes + 1));
    }

    /// <summary>Bytes read from the stream so far (for metrics; any thread may read it).</summary>
    public long BytesRead => Volatile.Read(ref _bytesRead);

    /// <summary>The longest line accepted, in bytes, without its newline.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>
    /// How long the blocking <see cref="Fill"/> keeps looking for bytes (a zero-timeout <c>poll</c>,
    /// then a yield of the CPU) before it sleeps in the kernel, when its last receive took
    /// everything there was; default zero, no spin. A reply that comes within it finds the thread
    /// awake: where CPUs are often idle, as with a worker process per module, waking a thread that
    /// slept on another CPU costs more than the spin (bench/README.md). Only a socket's stream or
    /// an <see cref="IReadinessProbe"/> spins; <see cref="FillAsync"/> never does.
    /// </summary>
    public TimeSpan SpinBeforeWait
    {
        get => TimeSpan.FromSeconds((double)_spinTicks / Stopwatch.Frequency);
        init => _spinTicks = value <= TimeSpan.Zero ? 0 : (long)(value.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Reads the next line as text; null at the end of the stream.</summary>
    /// <exception cref="FrameTooLargeException">The line is longer than <see cref="MaxFrameBytes"/>.</exception>
    /// <exception cref="DecoderFallbackException">The line is not valid UTF-8.</exception>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryReadLine(out var line))
            {
                return StrictUtf8.GetString(line.Span);
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Takes the next complete line that is already buffered, without reading the stream: a read
    /// loop handles every line one receive brought before it waits again, and knows when that is.
    /// </summary>
    /// <param name="line">The line's bytes without its newline (or <c>\r\n</c>); valid until the next call on this reader.</param>
    /// <returns>False when no complete line is buffered: call <see cref="FillAsync"/>.</returns>
    /// <exception cref="FrameTooLargeException">The line is longer than <see cref="MaxFrameBytes"/>.</exception>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline < 0)
            {
                _scanned = _end;
                // A line of exactly MaxFrameBytes may still be waiting for the \n of its \r\n ending
                // (LineFrameReaderTests.ReadLineAsync_CrLfLineExactlyAtLimit_ReturnsIt).
                var pending = _end - _start;
                if (pending > MaxFrameBytes && !(pending == MaxFrameBytes + 1 && _buffer[_end - 1] == (byte)'\r'))
                {
                    throw new FrameTooLargeException(MaxFrameBytes);
                }

                line = default;
                return false;
            }

            newline += _scanned;
            var length = newline - _start;
            var lineStart = _start;
            _start = _scanned = newline + 1;
            if (length > 0 && _buffer[lineStart + length - 1] == (byte)'\r')
            {
                length--;
            }

            if (length > MaxFrameBytes)
            {
                throw new FrameTooLargeException(MaxFrameBytes);
            }

            if (length > 0)
            {
                line = _buffer.AsMemory(lineStart, length);
                return true;
            }
        }
    }

    /// <summary>Reads more of the stream into the buffer, blocking until bytes arrive; false at the end of the stream.</summary>
    public bool Fill()
    {
        MakeRoom();
        var space = _buffer.Length - _end;
        // A receive right after one that drained the stream would most likely find nothing: look
        // (spinning, if asked) until bytes are there, then read, or read and wait in the kernel.
        // Tried and not kept: spinning only while bytes had recently come within the spin (a
        // moving average of the gaps); in process isolation it lost what the spin gained
        // (bench/README.md): the spin pays by keeping CPUs awake, not by catching this reader's bytes.
        var waitFirst = _drained && !(_spinTicks > 0 && SpinUntilReadable());
        var read = _socket is null ? _stream.Read(_buffer.AsSpan(_end)) : SocketReceive.Receive(_socket, _buffer.AsSpan(_end), waitFirst);
        _drained = read < space;
        _filled = read == space;
        _end += read;
        _bytesRead += read;
        return read > 0;
    }

    // True when a read would return at once; false when SpinBeforeWait passed without bytes.
    private bool SpinUntilReadable()
    {
        if (_socket is null && _probe is null)
        {
            return false;
        }

        var until = Stopwatch.GetTimestamp() + _spinTicks;
        while (true)
        {
            if (_socket?.Poll(0, SelectMode.SelectRead) ?? _probe!.ReadWouldNotBlock())
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() >= until)
            {
                return false;
            }

            // Lets a thread that waits for this CPU run (perhaps the one that will send the bytes).
            Thread.Yield();
        }
    }

    /// <summary>Reads more of the stream into the buffer; false at the end of the stream.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        MakeRoom();
        var space = _buffer.Length - _end;
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _filled = read == space;
        _end += read;
        _bytesRead += read;
        return read > 0;
    }

    // Moves the unread bytes to the front, or into a bigger pooled buffer when a long line needs it.
    private void MakeRoom()
    {
        if (_filled && _buffer.Length < BatchBytes && _buffer.Length < MaxFrameBytes + 2)
        {
            _filled = false;
            Replace(Math.Min(BatchBytes, MaxFrameBytes + 2));
            return;
        }

        if (_start == _end)
        {
            // Everything read was handled: start over at the front, so the next receive gets the whole buffer.
            _start = _end = _scanned = 0;
            return;
        }

        if (_end < _buffer.Length)
        {
            return;
        }

        var pending = _end - _start;
        if (_start > 0 && pending < _buffer.Length / 2)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        }
        else
        {
            Replace(Math.Min(_buffer.Length * 2, MaxFrameBytes + 2));
            return;
        }

        _scanned -= _start;
        _end = pending;
        _start = 0;
    }

    // Moves the unread bytes to the front of a new pooled buffer of at least `length` bytes.
    private void Replace(int length)
    {
        var pending = _end - _start;
        var bigger = ArrayPool<byte>.Shared.Rent(length);
        Buffer.BlockCopy(_buffer, _start, bigger, 0, pending);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
        _scanned -= _start;
        _end = pending;
        _start = 0;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
