using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace SimpleRpc.Server.Isolation;

/// <summary>
/// The write end of a worker's standard input, written on the caller's thread. The runtime's
/// pipe stream has no asynchronous write of its own for a child's pipes: every
/// <see cref="Stream.WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/> ran the blocking write
/// on a thread-pool thread, a thread hop and a wake-up per batch of calls to the worker. The pipe
/// is switched to non-blocking instead, so a write takes what fits at once; only when the pipe
/// is full (the worker is not reading) does the rest wait for room, on the thread pool, so the
/// caller (a stub's reading thread) is never held by a stuck worker.
/// </summary>
/// <remarks>
/// One writer at a time (the connection's frame writer guarantees it). Linux only (<see cref="TryCreate"/>
/// says when it cannot be used). Tests: PipeWriteStreamTests.
/// </remarks>
internal sealed class PipeWriteStream : Stream
{
    private const int GetFlags = 3; // F_GETFL
    private const int SetFlags = 4; // F_SETFL
    private const int NonBlocking = 0x800; // O_NONBLOCK
    private const int TryAgain = 11; // EAGAIN
    private const int Interrupted = 4; // EINTR
    private readonly PipeStream _pipe;
    private volatile bool _disposed;

    private PipeWriteStream(PipeStream pipe)
    {
        _pipe = pipe;
    }

    /// <summary>Writes to <paramref name="output"/>'s pipe without blocking; null when it is not a pipe this can write to (use the stream as it is).</summary>
    public static PipeWriteStream? TryCreate(Stream output)
    {
        if (!OperatingSystem.IsLinux() || output is not PipeStream { CanWrite: true } pipe)
        {
            return null;
        }

        try
        {
            var fd = (int)pipe.SafePipeHandle.DangerousGetHandle();
            var flags = Posix.Fcntl(fd, GetFlags, 0);
            return flags < 0 || Posix.Fcntl(fd, SetFlags, flags | NonBlocking) < 0 ? null : new PipeWriteStream(pipe);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var written = WriteSome(buffer);
            buffer = buffer[written..];
            if (written == 0)
            {
                WaitForRoom();
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var written = WriteSome(buffer.Span);
            if (written == 0)
            {
                // The worker is behind: the rest waits for room away from the caller's thread.
                var rest = buffer;
                return new ValueTask(Task.Run(() => Write(rest.Span), cancellationToken));
            }

            buffer = buffer[written..];
        }

        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    // Nothing is buffered; the base class would run Flush on the thread pool.
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _pipe.Dispose();
        }

        base.Dispose(disposing);
    }

    // Bytes written now, 0 when the pipe is full.
    private int WriteSome(ReadOnlySpan<byte> buffer)
    {
        var handle = Hold(out var fd);
        try
        {
            while (true)
            {
                var written = Posix.Write(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length);
                if (written >= 0)
                {
                    return (int)written;
                }

                var error = Marshal.GetLastPInvokeError();
                if (error == TryAgain)
                {
                    return 0;
                }

                if (error != Interrupted)
                {
                    throw new IOException($"Writing to the worker failed: {Marshal.GetPInvokeErrorMessage(error)}.", error);
                }
            }
        }
        finally
        {
            handle.DangerousRelease();
        }
    }

    // Waits in poll, a second at a time so that a dispose from another thread ends the wait. A
    // worker that ended makes the pipe ready (an error), and the write that follows says so.
    private void WaitForRoom()
    {
        while (true)
        {
            var handle = Hold(out var fd);
            try
            {
                var ready = PipePoll.Poll(fd, PipePoll.Out, 1000);
                if (ready > 0)
                {
                    return;
                }

                if (ready < 0 && Marshal.GetLastPInvokeError() is var error && error != Interrupted)
                {
                    throw new IOException($"Waiting to write to the worker failed: {Marshal.GetPInvokeErrorMessage(error)}.", error);
                }
            }
            finally
            {
                handle.DangerousRelease();
            }
        }
    }

    // The pipe's handle, held until the caller releases it, so a dispose from another thread cannot
    // close the descriptor (and let its number be reused) during a system call on it.
    private SafeHandle Hold(out int fd)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var handle = _pipe.SafePipeHandle;
        var held = false;
        handle.DangerousAddRef(ref held);
        fd = (int)handle.DangerousGetHandle();
        return handle;
    }

    private static class Posix
    {
        [DllImport("libc", EntryPoint = "write", SetLastError = true)]
        public static extern nint Write(int fd, ref byte buffer, nint count);

        [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
        public static extern int Fcntl(int fd, int command, int argument);
    }
}
