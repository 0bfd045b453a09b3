using SimpleRpc.Server.Isolation;

namespace SimpleRpc.Server.Tests.Isolation;

/// <summary>
/// A worker writes its replies on the thread that flushes them: its standard output has no
/// asynchronous write, so the stream's default would run each write on the thread pool.
/// </summary>
[CancelAfter(10_000)]
public class DuplexStreamTests
{
    [Test]
    public async Task WriteAsync_WritesInline_WritesOnTheCallingThreadAndCompletesAtOnce()
    {
        var output = new ThreadRecordingStream();
        using var stream = new DuplexStream(new MemoryStream(), output, writesInline: true);

        var write = stream.WriteAsync("{}\n"u8.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(write.IsCompleted, Is.True);
            Assert.That(output.WriterThread, Is.EqualTo(Environment.CurrentManagedThreadId));
            Assert.That(output.ToArray(), Is.EqualTo("{}\n"u8.ToArray()));
        });
        await write;
    }

    [Test]
    public async Task WriteAsync_Default_LeavesTheWriteToTheOutputStream()
    {
        var output = new ThreadRecordingStream();
        using var stream = new DuplexStream(new MemoryStream(), output);

        await stream.WriteAsync("{}\n"u8.ToArray());

        Assert.That(output.AsyncWrites, Is.EqualTo(1));
    }

    private sealed class ThreadRecordingStream : MemoryStream
    {
        public int WriterThread { get; private set; }

        public int AsyncWrites { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            WriterThread = Environment.CurrentManagedThreadId;
            base.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            AsyncWrites++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
