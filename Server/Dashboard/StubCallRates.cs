using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// Each stub's calls per second, from the dispatcher's record of who called what
/// (<see cref="RecentCallers"/>, hourly counts per function and client): the difference of a
/// stub's total between two readings at least half a second apart.
/// </summary>
/// <remarks>Thread-safe. A reading across an hour boundary, when the oldest hour leaves the window, shows 0 once.</remarks>
internal sealed class StubCallRates(RecentCallers? callers, CallStats calls)
{
    private readonly Dictionary<string, (long Total, long At, double Rate)> _last = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Calls per second by stub name; stubs without calls are left out.</summary>
    public IReadOnlyDictionary<string, double> Read()
    {
        if (callers is null)
        {
            return new Dictionary<string, double>();
        }

        var totals = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in calls.Functions())
        {
            foreach (var count in callers.Callers(function.Module, function.Function))
            {
                totals[count.Client] = totals.GetValueOrDefault(count.Client) + count.Calls;
            }
        }

        var now = Environment.TickCount64;
        var rates = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        lock (_last)
        {
            foreach (var (stub, total) in totals)
            {
                var known = _last.TryGetValue(stub, out var last);
                if (known && now - last.At < 500)
                {
                    // Two pages read within the same second: both show the last rate.
                    rates[stub] = last.Rate;
                    continue;
                }

                var rate = known ? Math.Round(Math.Max(0, total - last.Total) * 1000.0 / (now - last.At), 1) : 0;
                _last[stub] = (total, now, rate);
                rates[stub] = rate;
            }
        }

        return rates;
    }
}
