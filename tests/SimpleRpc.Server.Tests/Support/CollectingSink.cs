using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace SimpleRpc.Server.Tests.Support;

/// <summary>A Serilog sink that keeps every event, for asserting on logs (Serilog's own test support does the same).</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>A logger at Verbose level that writes only to a new <see cref="CollectingSink"/>.</summary>
    public static (Serilog.ILogger Log, CollectingSink Sink) CreateLogger()
    {
        var sink = new CollectingSink();
        var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        return (log, sink);
    }
}
