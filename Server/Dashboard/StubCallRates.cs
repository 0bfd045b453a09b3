using SimpleRpc.Server.Sessions;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// Each stub's calls per second: the difference of its session's <see cref="ClientSession.CallsAnswered"/>
/// (a counter that only grows) between two readings at least half a second apart, as Prometheus's
/// <c>rate()</c> reads a counter.
/// </summary>
/// <remarks>
/// Thread-safe. A session's first reading shows 0 (there is nothing to compare with yet). Rates
/// used to be read from the publish gate's hourly window of callers, whose total drops when its
/// oldest hour leaves: the stub showed 0 once an hour (<c>Read_AcrossAnHourBoundary_KeepsTheRate</c>).
/// </remarks>
internal sealed class StubCallRates(TimeProvider? time = null)
{
    private static readonly TimeSpan SameReading = TimeSpan.FromMilliseconds(500);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, (long Total, long At, double Rate)> _last = new(StringComparer.Ordinal);

    /// <summary>Calls per second by session id, for every session in <paramref name="sessions"/>.</summary>
    public IReadOnlyDictionary<string, double> Read(IEnumerable<ClientSession> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var now = _time.GetTimestamp();
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        lock (_last)
        {
            foreach (var session in sessions)
            {
                var total = session.CallsAnswered;
                var known = _last.TryGetValue(session.SessionId, out var last);
                var elapsed = known ? _time.GetElapsedTime(last.At, now) : TimeSpan.Zero;
                if (known && elapsed < SameReading)
                {
                    // Two pages read within the same second: both show the last rate.
                    rates[session.SessionId] = last.Rate;
                    continue;
                }

                var rate = known ? Math.Round((total - last.Total) / elapsed.TotalSeconds, 1) : 0;
                _last[session.SessionId] = (total, now, rate);
                rates[session.SessionId] = rate;
            }

            // Sessions that have gone are forgotten, so reconnecting stubs cannot grow this.
            foreach (var gone in _last.Keys.Where(id => !rates.ContainsKey(id)).ToList())
            {
                _last.Remove(gone);
            }
        }

        return rates;
    }
}
