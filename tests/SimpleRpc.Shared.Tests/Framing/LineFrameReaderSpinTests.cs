using System.Text;
using SimpleRpc.Framing;
using SimpleRpc.Shared.Tests.Support;

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

    // One line per read (both are eight bytes); the probe says no for the first `notReadyFor` questions.
    private sealed class ProbedStream(int notReadyFor, params string[] lines)
        : ChunkedReadStream(Encoding.UTF8.GetBytes(string.Concat(lines)), chunkSize: 8), IReadinessProbe
    {
        public int Probes { get; private set; }

        public bool ReadWouldNotBlock() => ++Probes > notReadyFor;
    }
}
