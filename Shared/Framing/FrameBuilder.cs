using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace SimpleRpc.Framing;

/// <summary>
/// A frame written as UTF-8 straight into an array from the shared pool, which
/// <see cref="LineFrameWriter"/> then takes over: no string or char buffer per message, and bytes
/// a relay received (<c>params</c>, <c>result</c>) are copied once, never decoded and re-encoded.
/// </summary>
/// <remarks>
/// A mutable struct: pass it by <c>ref</c>. Dispose it unless a writer took its array over.
/// Not thread-safe.
/// </remarks>
internal struct FrameBuilder : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private byte[]? _buffer;
    private int _length;

    /// <summary>Starts a frame with room for <paramref name="capacity"/> bytes (it grows as needed).</summary>
    public FrameBuilder(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    /// <summary>The bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>What was written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Appends one byte (an ASCII character).</summary>
    public void Append(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    /// <summary>Appends bytes that are already UTF-8 JSON.</summary>
    public void Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(utf8.Length));
        _length += utf8.Length;
    }

    /// <summary>Appends <paramref name="text"/> (already JSON) encoded as UTF-8.</summary>
    public void AppendText(ReadOnlySpan<char> text)
    {
        _length += Utf8.GetBytes(text, Reserve(Utf8.GetMaxByteCount(text.Length)));
    }

    /// <summary>Appends an integer.</summary>
    public void Append(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out var written);
        _length += written;
    }

    /// <summary>
    /// Appends <paramref name="value"/> as a JSON string, escaped exactly as Newtonsoft.Json
    /// escapes it (plain ASCII, the common case, is copied without a string in between).
    /// </summary>
    public void AppendJsonString(string value)
    {
        if (!IsPlainAscii(value))
        {
            AppendText(Newtonsoft.Json.JsonConvert.ToString(value));
            return;
        }

        var span = Reserve(value.Length + 2);
        span[0] = (byte)'"';
        for (var i = 0; i < value.Length; i++)
        {
            span[i + 1] = (byte)value[i];
        }

        span[value.Length + 1] = (byte)'"';
        _length += value.Length + 2;
    }

    /// <summary>Hands the array and its length over (with room for one more byte); the builder is empty after.</summary>
    public (byte[] Buffer, int Length) Detach()
    {
        Reserve(1);
        var result = (_buffer!, _length);
        _buffer = null;
        _length = 0;
        return result;
    }

    /// <summary>Returns the array to the pool unless it was handed over.</summary>
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Characters Newtonsoft writes as they are inside quotes: printable ASCII but the quote and backslash.
    private static bool IsPlainAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    private Span<byte> Reserve(int count)
    {
        var buffer = _buffer ??= ArrayPool<byte>.Shared.Rent(Math.Max(256, count));
        if (_length + count > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, _length + count));
            buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = buffer = larger;
        }

        return buffer.AsSpan(_length);
    }
}
