using System.Buffers;
using System.Text;

namespace SimpleRpc.Serialization;

/// <summary>
/// Collects written text as UTF-8 in a pooled buffer: a call's params or result is serialized
/// straight to the bytes its message carries, with no string between (<see cref="RpcJson.SerializeUtf8"/>).
/// </summary>
/// <remarks>Not thread-safe. <see cref="ToArray"/> flushes; dispose to return the buffer.</remarks>
public sealed class Utf8TextWriter : TextWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Encoder _encoder = Utf8.GetEncoder();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(256);
    private int _length;

    /// <summary>Creates an empty writer.</summary>
    public Utf8TextWriter()
        : base(System.Globalization.CultureInfo.InvariantCulture)
    {
    }

    /// <inheritdoc/>
    public override Encoding Encoding => Utf8;

    /// <inheritdoc/>
    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    /// <inheritdoc/>
    public override void Write(string? value) => Write(value.AsSpan());

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer) => Encode(buffer, flush: false);

    /// <summary>The bytes written so far, in an array of their own.</summary>
    public byte[] ToArray()
    {
        Encode([], flush: true);
        return _buffer.AsSpan(0, _length).ToArray();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    private void Encode(ReadOnlySpan<char> chars, bool flush)
    {
        var needed = _length + Utf8.GetMaxByteCount(chars.Length + 1);
        if (needed > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        _length += _encoder.GetBytes(chars, _buffer.AsSpan(_length), flush);
    }
}
