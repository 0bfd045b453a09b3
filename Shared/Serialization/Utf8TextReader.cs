using System.Text;

namespace SimpleRpc.Serialization;

/// <summary>
/// Reads UTF-8 bytes as text, decoding a buffer's worth at a time: a call's <c>params</c> or
/// <c>result</c> is read by Newtonsoft straight from the bytes it arrived as, with no string of
/// the whole of it (a 1 KB string argument was otherwise decoded twice before it was bound).
/// </summary>
/// <remarks>Decodes as <see cref="Encoding.UTF8"/> does (invalid bytes become U+FFFD), like the text it replaces.</remarks>
public sealed class Utf8TextReader(ReadOnlyMemory<byte> utf8) : TextReader
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private ReadOnlyMemory<byte> _rest = utf8;
    // The low half of a surrogate pair that a one-char read could not take.
    private char? _pending;

    /// <inheritdoc/>
    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    /// <inheritdoc/>
    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_pending is { } low)
        {
            buffer[0] = low;
            _pending = null;
            return 1;
        }

        if (_rest.IsEmpty)
        {
            return 0;
        }

        if (buffer.Length == 1)
        {
            // One char may be half of a pair: decode into two and keep the second for the next read.
            Span<char> pair = stackalloc char[2];
            var read = Decode(pair);
            if (read == 2)
            {
                _pending = pair[1];
            }

            buffer[0] = pair[0];
            return Math.Min(read, 1);
        }

        return Decode(buffer);
    }

    /// <inheritdoc/>
    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    private int Decode(Span<char> buffer)
    {
        // Everything left is given at once, so the end of the input is the end of the text.
        _decoder.Convert(_rest.Span, buffer, flush: true, out var bytesUsed, out var charsUsed, out _);
        _rest = _rest[bytesUsed..];
        return charsUsed;
    }
}
