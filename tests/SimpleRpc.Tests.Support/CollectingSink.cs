using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace SimpleRpc.Tests.Support;

/// <summary>
/// A Serilog sink that keeps every event, for asserting on logs (Serilog's own test support does
/// the same), and lets a test wait for one that matches. Thread-safe.
/// </summary>
public sealed class CollectingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();
    private readonly List<(Func<LogEvent, bool> Match, TaskCompletionSource<LogEvent> Done)> _waiters = [];

    /// <summary>Every event so far, in order.</summary>
    public IReadOnlyList<LogEvent> Events => [.. _events];

    /// <summary>A logger at Verbose level that writes only to a new <see cref="CollectingSink"/>.</summary>
    public static (ILogger Log, CollectingSink Sink) CreateLogger()
    {
        var sink = new CollectingSink();
        var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        return (log, sink);
    }

    /// <inheritdoc/>
    public void Emit(LogEvent logEvent)
    {
        lock (_waiters)
        {
            _events.Enqueue(logEvent);
            foreach (var waiter in _waiters.Where(w => w.Match(logEvent)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(logEvent);
            }
        }
    }

    /// <summary>Completes with the first event (already logged or still to come) that matches.</summary>
    public Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match)
    {
        lock (_waiters)
        {
            if (_events.FirstOrDefault(match) is { } logged)
            {
                return Task.FromResult(logged);
            }

            var done = new TaskCompletionSource<LogEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }
}
