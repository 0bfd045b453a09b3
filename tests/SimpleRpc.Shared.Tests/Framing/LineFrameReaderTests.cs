using System.Text;
using SimpleRpc.Framing;
using SimpleRpc.Shared.Tests.Support;

namespace SimpleRpc.Shared.Tests.Framing;

[CancelAfter(10_000)]
public sealed class LineFrameReaderTests
{
    private const int Limit = 64;

    [Test]
    public async Task ReadLineAsync_OneLine_ReturnsItThenNull(CancellationToken cancellationToken)
    {
        using var reader = Reader("{\"a\":1}\n");

        Assert.That(await reader.ReadLineAsync(cancellationToken), Is.EqualTo("{\"a\":1}"));
        Assert.That(await reader.ReadLineAsync(cancellationToken), Is.Null);
    }

    [Test]
    public async Task ReadLineAsync_SeveralLinesInOneRead_ReturnsEachInOrder(CancellationToken cancellationToken)
    {
        var stream = new ChunkedReadStream(Bytes("one\ntwo\nthree\n"), chunkSize: 1024);
        using var reader = new LineFrameReader(stream, Limit);

        var lines = await ReadAllAsync(reader, cancellationToken);

        Assert.That(lines, Is.EqualTo(new[] { "one", "two", "three" }));
        Assert.That(stream.Reads, Is.EqualTo(2), "all three lines came from one read, plus the read that saw the end");
    }

    [Test]
    public async Task ReadLineAsync_LineSplitAcrossOneByteReads_ReturnsWholeLine(CancellationToken cancellationToken)
    {
        var text = "{\"method\":\"z.Add\",\"params\":[1,2]}\n{\"b\":\"é✓\"}\n";
        using var reader = new LineFrameReader(new ChunkedReadStream(Bytes(text), chunkSize: 1), Limit);

        var lines = await ReadAllAsync(reader, cancellationToken);

        Assert.That(lines, Is.EqualTo(new[] { "{\"method\":\"z.Add\",\"params\":[1,2]}", "{\"b\":\"é✓\"}" }));
    }

    [TestCase(1)]
    [TestCase(1024)]
    public async Task ReadLineAsync_CrLf_StripsCarriageReturn(int chunkSize, CancellationToken cancellationToken)
    {
        using var reader = new LineFrameReader(new ChunkedReadStream(Bytes("one\r\ntwo\r\n"), chunkSize), Limit);

        Assert.That(await ReadAllAsync(reader, cancellationToken), Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public async Task ReadLineAsync_BlankLines_AreSkipped(CancellationToken cancellationToken)
    {
        using var reader = Reader("\n\r\n\none\n\n\r\ntwo\n\n");

        Assert.That(await ReadAllAsync(reader, cancellationToken), Is.EqualTo(new[] { "one", "two" }));
    }

    [TestCase(1)]
    [TestCase(1024)]
    public async Task ReadLineAsync_LineExactlyAtLimit_ReturnsIt(int chunkSize, CancellationToken cancellationToken)
    {
        var line = new string('x', Limit);
        using var reader = new LineFrameReader(new ChunkedReadStream(Bytes(line + "\n"), chunkSize), Limit);

        Assert.That(await reader.ReadLineAsync(cancellationToken), Is.EqualTo(line));
    }

    [TestCase(1)]
    [TestCase(1024)]
    public async Task ReadLineAsync_CrLfLineExactlyAtLimit_ReturnsIt(int chunkSize, CancellationToken cancellationToken)
    {
        // The limit counts the line's content; the \r of a \r\n ending is not content.
        var line = new string('x', Limit);
        using var reader = new LineFrameReader(new ChunkedReadStream(Bytes(line + "\r\n"), chunkSize), Limit);

        Assert.That(await reader.ReadLineAsync(cancellationToken), Is.EqualTo(line));
    }

    [TestCase(1)]
    [TestCase(1024)]
    public void ReadLineAsync_LineOneOverLimit_ThrowsFrameTooLarge(int chunkSize)
    {
        using var reader = new LineFrameReader(new ChunkedReadStream(Bytes(new string('x', Limit + 1) + "\n"), chunkSize), Limit);

        var ex = Assert.ThrowsAsync<FrameTooLargeException>(async () => await reader.ReadLineAsync(CancellationToken.None));
        Assert.That(ex.Limit, Is.EqualTo(Limit));
    }

    [Test]
    public void ReadLineAsync_NoNewlineEver_ThrowsFrameTooLargeWithoutReadingOn()
    {
        var stream = new EndlessStream((byte)'x');
        using var reader = new LineFrameReader(stream, 1024);

        Assert.ThrowsAsync<FrameTooLargeException>(async () => await reader.ReadLineAsync(CancellationToken.None));
        Assert.That(stream.BytesRead, Is.LessThan(64 * 1024), "the reader stops soon after the limit");
    }

    [Test]
    public void ReadLineAsync_InvalidUtf8_ThrowsDecoderFallback()
    {
        using var reader = new LineFrameReader(new MemoryStream([(byte)'{', 0xC3, 0x28, (byte)'}', (byte)'\n']), Limit);

        Assert.ThrowsAsync<DecoderFallbackException>(async () => await reader.ReadLineAsync(CancellationToken.None));
    }

    [Test]
    public async Task ReadLineAsync_EmptyStream_ReturnsNull(CancellationToken cancellationToken)
    {
        using var reader = Reader(string.Empty);

        Assert.That(await reader.ReadLineAsync(cancellationToken), Is.Null);
        Assert.That(await reader.ReadLineAsync(cancellationToken), Is.Null);
    }

    [TestCase(7)]
    [TestCase(4096)]
    public async Task ReadLineAsync_LongLines_GrowBufferAndKeepContent(int chunkSize, CancellationToken cancellationToken)
    {
        // Longer than the reader's first 16 KiB buffer, mixed with short lines so the buffer
        // both grows and compacts.
        var expected = new List<string>();
        var text = new StringBuilder();
        for (var i = 0; i < 6; i++)
        {
            var line = i + ":" + string.Concat(Enumerable.Repeat("abcdéfgh✓", 5_000 * (i % 3)));
            expected.Add(line);
            text.Append(line).Append('\n');
        }

        using var reader = new LineFrameReader(new ChunkedReadStream(Bytes(text.ToString()), chunkSize), 1024 * 1024);

        Assert.That(await ReadAllAsync(reader, cancellationToken), Is.EqualTo(expected));
    }

    [TestCase(1024 * 1024)]
    [TestCase(20_000)]
    public void Fill_ReceivesThatFillTheBuffer_LinesStayWholeAndTheLimitHolds(int limit)
    {
        // Batches of 1 KB lines larger than the first buffer: receives fill it, so the reader
        // takes a bigger one with a line cut in half pending; then a line one over the limit.
        var expected = Enumerable.Range(0, 120).Select(i => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + new string((char)('a' + (i % 26)), 1020)).ToList();
        var tooLong = new string('x', limit + 1);
        var bytes = Bytes(string.Concat(expected.Select(l => l + "\n")) + tooLong + "\n");
        using var reader = new LineFrameReader(new ChunkedReadStream(bytes, 40_000), limit);

        var lines = new List<string>();
        Assert.That(() =>
        {
            while (true)
            {
                while (reader.TryReadLine(out var line))
                {
                    lines.Add(Encoding.UTF8.GetString(line.Span));
                }

                if (!reader.Fill())
                {
                    return;
                }
            }
        }, Throws.InstanceOf<FrameTooLargeException>());
        Assert.That(lines, Is.EqualTo(expected));
    }

    [Test]
    public void Ctor_LimitBelowSixteen_Throws()
    {
        Assert.That(() => new LineFrameReader(new MemoryStream(), 15), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static LineFrameReader Reader(string text) => new(new MemoryStream(Bytes(text)), Limit);

    private static async Task<List<string>> ReadAllAsync(LineFrameReader reader, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
