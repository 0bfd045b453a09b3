using System.Buffers;
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
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;

    /// <summary>Creates a reader over <paramref name="stream"/>.</summary>
    public LineFrameReader(Stream stream, int maxFrameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 16);
        _stream = stream;
        MaxFrameBytes = maxFrameBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(16 * 1024, maxFrameBytes + 1));
    }

    /// <summary>The longest line accepted, in bytes, without its newline.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>Reads the next line as text; null at the end of the stream.</summary>
    /// <exception cref="FrameTooLargeException">The line is longer than <see cref="MaxFrameBytes"/>.</exception>
    /// <exception cref="DecoderFallbackException">The line is not valid UTF-8.</exception>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _scanned, _end - _scanned);
            if (newline >= 0)
            {
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

                if (length == 0)
                {
                    continue;
                }

                return StrictUtf8.GetString(_buffer, lineStart, length);
            }

            _scanned = _end;
            // A line of exactly MaxFrameBytes may still be waiting for the \n of its \r\n ending
            // (LineFrameReaderTests.ReadLineAsync_CrLfLineExactlyAtLimit_ReturnsIt).
            var pending = _end - _start;
            if (pending > MaxFrameBytes && !(pending == MaxFrameBytes + 1 && _buffer[_end - 1] == (byte)'\r'))
            {
                throw new FrameTooLargeException(MaxFrameBytes);
            }

            MakeRoom();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    // Moves the unread bytes to the front, or into a bigger pooled buffer when a long line needs it.
    private void MakeRoom()
    {
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
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxFrameBytes + 2));
            Buffer.BlockCopy(_buffer, _start, bigger, 0, pending);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

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
