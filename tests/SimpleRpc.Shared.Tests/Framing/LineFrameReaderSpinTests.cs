using System.Text;
using SimpleRpc.Framing;

namespace SimpleRpc.Shared.Tests.Framing;

// The spin before a blocking read, over a stream that is not a socket: it asks the stream's
// IReadinessProbe (a worker's pipes are read this way), only after a read that took everything,
// and stops when the probe says yes or when its time is over.
[CancelAfter(10_000)]
public class LineFrameReaderSpinTests
{
    [Test]
    public void Fill_SpinBeforeWait_AsksTheProbeUntilItSaysBytesAreThere()
    {
        var stream = new ProbedStream(notReadyFor: 3, "{\"a\":1}\n", "{\"b\":2}\n");
        using var reader = new LineFrameReader(stream, 1024) { SpinBeforeWait = TimeSpan.FromSeconds(20) };

        Assert.That(reader.Fill(), Is.True);
        Assert.That(stream.Probes, Is.Zero, "the first read has nothing to spin for");
        Assert.That(reader.TryReadLine(out _), Is.True);
        Assert.That(reader.Fill(), Is.True);

        Assert.That(stream.Probes, Is.EqualTo(4), "three answers of no, then one yes");
        Assert.That(reader.TryReadLine(out var line), Is.True);
        Assert.That(Encoding.UTF8.GetString(line.Span), Is.EqualTo("{\"b\":2}"));
    }

    [Test]
    public void Fill_ProbeNeverReady_StopsSpinningWhenItsTimeIsOverAndReads()
    {
        var stream = new ProbedStream(notReadyFor: int.MaxValue, "{\"a\":1}\n", "{\"b\":2}\n");
        using var reader = new LineFrameReader(stream, 1024) { SpinBeforeWait = TimeSpan.FromMilliseconds(2) };
        Assert.That(reader.Fill(), Is.True);
        Assert.That(reader.TryReadLine(out _), Is.True);

        Assert.That(reader.Fill(), Is.True);

        Assert.That(stream.Probes, Is.Positive);
        Assert.That(reader.TryReadLine(out var line), Is.True);
        Assert.That(Encoding.UTF8.GetString(line.Span), Is.EqualTo("{\"b\":2}"));
    }

    [Test]
    public void Fill_NoSpin_NeverAsksTheProbe()
    {
        var stream = new ProbedStream(notReadyFor: 3, "{\"a\":1}\n", "{\"b\":2}\n");
        using var reader = new LineFrameReader(stream, 1024);

        Assert.That(reader.Fill() && reader.TryReadLine(out _) && reader.Fill(), Is.True);

        Assert.That(stream.Probes, Is.Zero);
        Assert.That(reader.SpinBeforeWait, Is.EqualTo(TimeSpan.Zero));
    }

    // Each read returns the next chunk (0 bytes after the last); the probe says no for the first
    // `notReadyFor` questions.
    private sealed class ProbedStream(int notReadyFor, params string[] chunks) : Stream, IReadinessProbe
    {
        private readonly Queue<byte[]> _chunks = new(chunks.Select(Encoding.UTF8.GetBytes));

        public int Probes { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public bool ReadWouldNotBlock() => ++Probes > notReadyFor;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!_chunks.TryDequeue(out var chunk))
            {
                return 0;
            }

            chunk.CopyTo(buffer);
            return chunk.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
