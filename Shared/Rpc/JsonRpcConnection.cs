using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SimpleRpc.Diagnostics;
using SimpleRpc.Framing;
using SimpleRpc.Protocol;
using SimpleRpc.Serialization;

namespace SimpleRpc.Rpc;

/// <summary>
/// A bidirectional JSON-RPC 2.0 connection over a stream: one message per line. Either side may
/// send requests and notifications. Incoming requests go to <see cref="RequestHandler"/>;
/// replies to our own requests complete the pending entry with the same id.
/// </summary>
/// <remarks>
/// Thread-safe for sending. Handlers run on the read loop until their first await, so a handler
/// that does slow synchronous work must move it off the loop itself.
/// </remarks>
public sealed partial class JsonRpcConnection : IAsyncDisposable
{
    // True on a reading thread while the caller of the reply it read resumes there (ResumeCallerHere).
    [ThreadStatic]
    private static bool _resumingOnReader;

    private readonly ConcurrentDictionary<long, IPendingReply> _pending = new();
    private readonly ResumeGate _resumeGate = new();
    private readonly LineFrameReader _reader;
    private readonly LineFrameWriter _writer;
    private readonly Stream _stream;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TimeSpan DeadlineSweepPeriod = TimeSpan.FromMilliseconds(100);
    private Timer? _deadlineSweep;
    private long _nextId;
    private long _lastReceived = Environment.TickCount64;
    private int _closed;

    /// <summary>Creates a connection; call <see cref="Start"/> to begin reading.</summary>
    public JsonRpcConnection(Stream stream, JsonRpcConnectionOptions options, ILogger log, string displayName)
    {
        _stream = stream;
        Options = options;
        _log = log;
        DisplayName = displayName;
        _reader = new LineFrameReader(stream, options.MaxFrameBytes) { SpinBeforeWait = options.ReadSpin };
        _writer = new LineFrameWriter(stream, options.MaxQueuedBytes);
        _writer.Faulted += ex => Close(ex);
    }

    /// <summary>Handles an incoming request or notification. Must reply to requests itself.</summary>
    public delegate ValueTask Handler(JsonRpcConnection connection, JsonRpcMessage message);

    /// <summary>The handler for incoming requests and notifications; set before <see cref="Start"/>.</summary>
    public Handler? RequestHandler { get; set; }

    /// <summary>The limits in force.</summary>
    public JsonRpcConnectionOptions Options { get; }

    /// <summary>A name for logs (peer address or client name).</summary>
    public string DisplayName { get; set; }

    /// <summary>Whatever the owner wants to attach (the server's session, the stub's app link).</summary>
    public object? State { get; set; }

    /// <summary>
    /// Set by a handler before it throws to make the error reply the last message: the
    /// connection closes right after sending it (a refused handshake).
    /// </summary>
    public bool ReplyErrorThenClose { get; set; }

    /// <summary>How long since the peer last sent a message (or since the connection opened).</summary>
    public TimeSpan IdleFor => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastReceived));

    /// <summary>Completes when the connection has closed, for any reason.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Cancelled when the connection closes.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>True once the connection has closed.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Bytes received on this connection so far, newlines included.</summary>
    public long BytesReceived => _reader.BytesRead;

    /// <summary>Bytes sent on this connection so far, newlines included.</summary>
    public long BytesSent => _writer.BytesWritten;

    /// <summary>Raised once, after the connection closed; the exception is null for a clean end of stream.</summary>
    public event Action<JsonRpcConnection, Exception?>? Closed;

    /// <summary>Starts the read loop.</summary>
    public void Start() => StartReading();

    /// <summary>A fresh id for a request this side sends.</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Sends <paramref name="message"/>; false if the connection is closed.</summary>
    public bool Send(JsonRpcMessage message) => Send(message, moreComing: false);

    /// <summary>Sends <paramref name="message"/>; false if the connection is closed.</summary>
    /// <param name="message">The message.</param>
    /// <param name="moreComing">
    /// True when the caller knows other messages for this connection are about to be sent from
    /// other threads (replies to calls running beside this one): the write then starts from the
    /// thread pool's queue so they can share it (see <see cref="LineFrameWriter.Enqueue(System.Text.StringBuilder, bool)"/>).
    /// </param>
    public bool Send(JsonRpcMessage message, bool moreComing)
    {
        if (IsClosed)
        {
            return false;
        }

        if (TryRouteToBatch(message))
        {
            return true;
        }

        var frame = new FrameBuilder(256);
        JsonRpcFormatter.Write(message, ref frame);
        if (frame.Length > Options.MaxFrameBytes)
        {
            frame.Dispose();
            throw new RpcException(RpcErrorCodes.LimitExceeded, $"The message is larger than the frame limit of {Options.MaxFrameBytes} bytes (maxFrameBytes).");
        }

        return _writer.Enqueue(ref frame, moreComing);
    }

    /// <summary>Sends a success reply whose result is <paramref name="result"/> serialized.</summary>
    public bool Reply(RpcId id, object? result) => Send(JsonRpcMessage.Success(id, RpcJson.Serialize(result)));

    /// <summary>Sends an error reply.</summary>
    public bool ReplyError(RpcId id, RpcError error) => Send(JsonRpcMessage.Failure(id, error));

    /// <summary>Sends a notification whose params are <paramref name="parameters"/> serialized.</summary>
    public bool Notify(string method, object? parameters) =>
        Send(JsonRpcMessage.Notification(method, parameters is null ? null : RpcJson.Serialize(parameters)));

    /// <summary>Closes the connection and fails every pending request.</summary>
    public void Close(Exception? reason = null)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        // A handler that replies and then closes (a refused hello) runs inside its read loop's
        // batch: its reply must start on the wire before the stream goes away.
        WriteBatch.Current?.Flush();
        StopWatchingReader();
        _closing.Cancel();
        Interlocked.Exchange(ref _deadlineSweep, null)?.Dispose();
        _writer.Dispose();
        _stream.Dispose();
        var lost = new RpcError(RpcErrorCodes.ConnectionLost, $"The connection to {DisplayName} was lost before the reply arrived.");
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
            {
                pending.Complete(JsonRpcMessage.Failure(RpcId.From(id), lost));
            }
        }

        _completion.TrySetResult();
        try
        {
            Closed?.Invoke(this, reason);
        }
        catch (Exception ex)
        {
            ConnectionLog.ClosedHandlerFailed(_log, ex, DisplayName);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Close();
        _reader.Dispose();
        _closing.Dispose();
        return ValueTask.CompletedTask;
    }
}
