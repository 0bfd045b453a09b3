using System.Runtime.InteropServices;
using SimpleRpc.Framing;

namespace SimpleRpc.Server.Isolation;

/// <summary>
/// One stream over two pipes: reads come from <paramref name="input"/>, writes go to
/// <paramref name="output"/>. Joins a child process's standard output and input (or a worker's
/// own standard input and output) into the single stream a JSON-RPC connection expects.
/// </summary>
/// <param name="input">Where reads come from.</param>
/// <param name="output">Where writes go.</param>
/// <param name="writesInline">
/// Write on the calling thread even when asked to write asynchronously: for a worker's standard
/// output, whose stream has no asynchronous write of its own and would hand every write to the
/// thread pool (a thread wake-up per reply batch). Only where a full pipe may block the writer: the
/// server reads a worker's output on a thread of its own, so the wait is for that thread alone.
/// </param>
/// <param name="inputHandle">
/// The descriptor under <paramref name="input"/>, polled when the reader spins before a blocking
/// read (<see cref="IReadinessProbe"/>); null: the reader does not spin.
/// </param>
internal sealed class DuplexStream(Stream input, Stream output, bool writesInline = false, SafeHandle? inputHandle = null) : Stream, IReadinessProbe
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => input.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => input.ReadAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc/>
    public bool ReadWouldNotBlock()
    {
        if (inputHandle is null)
        {
            return true;
        }

        // Held for the system call, so a dispose on another thread cannot let the number be reused meanwhile.
        var held = false;
        try
        {
            inputHandle.DangerousAddRef(ref held);
            return PipePoll.Poll((int)inputHandle.DangerousGetHandle(), PipePoll.In, 0) != 0;
        }
        catch (ObjectDisposedException)
        {
            // The read that follows says the stream is closed.
            return true;
        }
        finally
        {
            if (held)
            {
                inputHandle.DangerousRelease();
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => output.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!writesInline)
        {
            return output.WriteAsync(buffer, cancellationToken);
        }

        output.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => output.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!writesInline)
        {
            return output.FlushAsync(cancellationToken);
        }

        output.Flush();
        return Task.CompletedTask;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The peer's input first: it sees the end and exits, which ends a read still waiting
            // on its output. Disposing that side waits for such a read, so it happens off the
            // caller's thread: a caller that closes the link to stop a worker may have to kill it
            // next (WorkerLifetimeTests, WorkerProcess.StopAsync).
            output.Dispose();
            _ = Task.Run(input.Dispose);
        }

        base.Dispose(disposing);
    }
}
