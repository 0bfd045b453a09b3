using System.IO.Pipes;
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

    // What a spinning reader asks between reads, over a real pipe like a worker's: bytes waiting,
    // then none once they are read, then the writer's end closed.
    [Test]
    public async Task ReadWouldNotBlock_OverAPipe_SaysWhenBytesOrTheEndAreThere()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        var writer = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle);
        using var stream = new DuplexStream(pipe, new MemoryStream(), inputHandle: pipe.SafePipeHandle);
        Assert.That(stream.ReadWouldNotBlock(), Is.False, "nothing written yet");

        await writer.WriteAsync("{}\n"u8.ToArray());
        Assert.That(stream.ReadWouldNotBlock(), Is.True, "bytes wait");
        Assert.That(stream.Read(new byte[16]), Is.EqualTo(3));
        Assert.That(stream.ReadWouldNotBlock(), Is.False, "all read");

        await writer.DisposeAsync();
        pipe.DisposeLocalCopyOfClientHandle();
        Assert.That(stream.ReadWouldNotBlock(), Is.True, "the writer closed: a read returns the end at once");
    }

    [Test]
    public void ReadWouldNotBlock_NoHandle_SaysReadSoTheReaderDoesNotSpin()
    {
        using var stream = new DuplexStream(new MemoryStream(), new MemoryStream());
        Assert.That(stream.ReadWouldNotBlock(), Is.True);
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
