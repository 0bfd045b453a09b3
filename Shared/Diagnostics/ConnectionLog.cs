using Microsoft.Extensions.Logging;

namespace SimpleRpc.Diagnostics;

/// <summary>
/// The log events of a <see cref="Rpc.JsonRpcConnection"/>, as source-generated
/// <see cref="LoggerMessageAttribute"/> methods: constant templates with PascalCase properties,
/// and each checks <see cref="ILogger.IsEnabled"/> before it formats or boxes anything, so a
/// disabled level costs one call.
/// </summary>
/// <remarks>
/// None of these is written per message on a healthy connection; they mark failures and
/// protocol mistakes. The two programs bridge these loggers to Serilog (SimpleRpc.Hosting).
/// </remarks>
internal static partial class ConnectionLog
{
    /// <summary>The read loop ended with an exception nobody else could catch.</summary>
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "The read loop of {Peer} failed")]
    public static partial void ReadLoopFailed(ILogger log, Exception exception, string peer);

    /// <summary>The connection closed because of a failure (reading, a frame past its limit, the peer).</summary>
    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Connection {Peer} closed: {Reason}")]
    public static partial void Closed(ILogger log, string peer, string reason);

    /// <summary>A line was not a JSON-RPC message; the peer got an error reply.</summary>
    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Bad message from {Peer}: {Reason}")]
    public static partial void BadMessage(ILogger log, string peer, string reason);

    /// <summary>A request handler threw.</summary>
    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Handling {Method} from {Peer} failed")]
    public static partial void HandlerFailed(ILogger log, Exception exception, string? method, string peer);

    /// <summary>A reply came whose id no request of ours is waiting for (late, or the peer's mistake).</summary>
    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Reply {CallId} from {Peer} matches no pending request")]
    public static partial void UnmatchedReply(ILogger log, string callId, string peer);

    /// <summary>A handler of <see cref="Rpc.JsonRpcConnection.Closed"/> threw.</summary>
    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "A Closed handler failed for {Peer}")]
    public static partial void ClosedHandlerFailed(ILogger log, Exception exception, string peer);

    /// <summary>A handler held the reading thread past the limit: what it held back was sent and a new thread reads on.</summary>
    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "A handler held the reading of {Peer} for {ElapsedMs} ms; a new thread reads on")]
    public static partial void ReadingTakenOver(ILogger log, string peer, long elapsedMs);

    /// <summary>Code awaiting replies ran long on the reading thread too often: callers resume on the pool from now on.</summary>
    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Code awaiting replies from {Peer} ran 10 ms or more on its reading thread {Strikes} times; it resumes on the thread pool from now on")]
    public static partial void CallersResumeOnPool(ILogger log, string peer, int strikes);
}
