using System.IO.Pipes;
using SimpleRpc.Server.Isolation;

namespace SimpleRpc.Server.Tests.Isolation;

/// <summary>
/// The server writes to a worker's standard input on the caller's thread while the pipe has room,
/// and leaves the rest to the thread pool when the worker is not reading: never blocks the caller.
/// Real pipes (an anonymous pipe whose read end stays in this process).
/// </summary>
[CancelAfter(20_000)]
public class PipeWriteStreamTests
{
    [Test]
    public async Task WriteAsync_RoomInThePipe_CompletesAtOnce()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        using var stream = PipeWriteStream.TryCreate(pipe)!;

        var write = stream.WriteAsync("{\"id\":1}\n"u8.ToArray());

        Assert.That(write.IsCompleted, Is.True);
        await write;
        var read = new byte[64];
        var count = await reader.ReadAsync(read);
        Assert.That(read.AsSpan(0, count).ToArray(), Is.EqualTo("{\"id\":1}\n"u8.ToArray()));
    }

    [Test]
    public async Task WriteAsync_MoreThanThePipeHolds_ReturnsBeforeTheReaderReadsAndDeliversEveryByteInOrder(CancellationToken cancellationToken)
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        using var stream = PipeWriteStream.TryCreate(pipe)!;
        var data = new byte[4 * 1024 * 1024];
        new Random(7).NextBytes(data);

        var write = stream.WriteAsync(data, cancellationToken);

        // Linux pipes hold 64 KiB by default (at most 1 MiB): the caller is back before the rest fits.
        Assert.That(write.IsCompleted, Is.False);
        var received = new MemoryStream();
        var buffer = new byte[128 * 1024];
        while (received.Length < data.Length)
        {
            var count = await reader.ReadAsync(buffer, cancellationToken);
            Assert.That(count, Is.Positive, "the pipe ended early");
            received.Write(buffer, 0, count);
        }

        await write;
        Assert.That(received.ToArray(), Is.EqualTo(data));
    }

    [Test]
    public void WriteAsync_ReaderGone_FailsWithIOException()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using (new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle))
        {
        }

        pipe.DisposeLocalCopyOfClientHandle();
        using var stream = PipeWriteStream.TryCreate(pipe)!;

        Assert.That(async () => await stream.WriteAsync("{}\n"u8.ToArray()), Throws.InstanceOf<IOException>());
    }

    [Test]
    public void Dispose_WhileAWriteWaitsForRoom_EndsThatWrite()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        var stream = PipeWriteStream.TryCreate(pipe)!;
        var write = stream.WriteAsync(new byte[4 * 1024 * 1024]).AsTask();
        Assert.That(write.IsCompleted, Is.False);

        stream.Dispose();

        Assert.That(async () => await write, Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void TryCreate_NotAPipe_ReturnsNull()
    {
        using var memory = new MemoryStream();

        Assert.That(PipeWriteStream.TryCreate(memory), Is.Null);
    }
}
