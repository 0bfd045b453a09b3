using System.IO.Pipelines;

namespace SimpleRpc.Shared.Tests.Support;

/// <summary>One end of a <see cref="DuplexPipe"/>: reads from one pipe, writes to the other.</summary>
internal sealed class PipeDuplexStream : Stream
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Stream _read;
    private readonly Stream _write;
    private int _disposed;

    public PipeDuplexStream(PipeReader input, PipeWriter output)
    {
        _input = input;
        _output = output;
        _read = input.AsStream(leaveOpen: true);
        _write = output.AsStream(leaveOpen: true);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public override int Read(byte[] buffer, int offset, int count) => _read.Read(buffer, offset, count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return _read.ReadAsync(buffer, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count) => _write.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return _write.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => _write.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        IsDisposed ? Task.CompletedTask : _write.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Completing our writer gives the other end end-of-stream; cancelling (rather than
            // completing) our reader is safe while a read is still pending on another thread.
            _output.Complete();
            _input.CancelPendingRead();
        }

        base.Dispose(disposing);
    }
}
