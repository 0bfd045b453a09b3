using Serilog.Core;
using Serilog.Events;

namespace SimpleRpc.Hosting.Tests.Net;

/// <summary>Keeps every log event, and lets a test wait for one that matches.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private readonly List<LogEvent> _events = [];
    private readonly List<(Func<LogEvent, bool> Match, TaskCompletionSource<LogEvent> Done)> _waiters = [];

    public void Emit(LogEvent logEvent)
    {
        lock (_events)
        {
            _events.Add(logEvent);
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
        lock (_events)
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
