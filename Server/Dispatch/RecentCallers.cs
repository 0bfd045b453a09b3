using System.Collections.Concurrent;
using SimpleRpc.Protocol.Messages;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// Which clients called which function recently, and how often: per <c>"&lt;module&gt;.&lt;Function&gt;"</c>
/// (overloads share one record), per client, in hourly buckets over the last <see cref="WindowHours"/>
/// hours. The publish gate reads it to say whom a breaking change would hit.
/// </summary>
/// <remarks>
/// Bounded: at most <see cref="MaxFunctions"/> functions and <see cref="MaxClientsPerFunction"/>
/// clients per function are tracked (method names come from callers, so a flood of made-up names
/// cannot grow it; past a bound, calls are not counted, and a function or client without a call in
/// the window makes room). <see cref="Record"/> is on the call path: one lookup without allocation,
/// one uncontended lock per call. Thread-safe.
/// </remarks>
public sealed class RecentCallers
{
    /// <summary>The most functions tracked at once.</summary>
    public const int MaxFunctions = 4096;

    /// <summary>The most clients tracked per function.</summary>
    public const int MaxClientsPerFunction = 256;

    /// <summary>The span the counts cover, in hours (one bucket per hour).</summary>
    public const int WindowHours = 24;

    private const long MillisecondsPerHour = 3_600_000;
    private readonly ConcurrentDictionary<string, FunctionRecord> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FunctionRecord>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Func<long> _clockMilliseconds;

    /// <summary>Creates an empty record that reads time from <paramref name="clockMilliseconds"/> (default: <see cref="Environment.TickCount64"/>).</summary>
    public RecentCallers(Func<long>? clockMilliseconds = null)
    {
        _clockMilliseconds = clockMilliseconds ?? (static () => Environment.TickCount64);
        _lookup = _functions.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Counts one call of <paramref name="method"/> (a plain name or a signature id) by <paramref name="caller"/>.</summary>
    public void Record(string method, string caller)
    {
        var name = method.AsSpan();
        var paren = name.IndexOf('(');
        if (paren >= 0)
        {
            name = name[..paren];
        }

        var hour = _clockMilliseconds() / MillisecondsPerHour;
        if (!_lookup.TryGetValue(name, out var record))
        {
            if (_functions.Count >= MaxFunctions && !MakeRoom(hour))
            {
                return;
            }

            record = _functions.GetOrAdd(name.ToString(), static _ => new FunctionRecord());
        }

        record.Add(caller, hour);
    }

    /// <summary>The clients that called <paramref name="module"/>.<paramref name="function"/> within the window, most calls first.</summary>
    public IReadOnlyList<ClientCallCount> Callers(string module, string function)
    {
        var hour = _clockMilliseconds() / MillisecondsPerHour;
        return _functions.TryGetValue(module + "." + function, out var record) ? record.Counts(hour) : [];
    }

    // Drops the functions nobody called within the window; false when none could go.
    private bool MakeRoom(long hour)
    {
        var freed = false;
        foreach (var (name, record) in _functions)
        {
            if (record.Counts(hour).Count == 0)
            {
                freed |= _functions.TryRemove(name, out _);
            }
        }

        return freed;
    }

    private sealed class FunctionRecord
    {
        private readonly Dictionary<string, Buckets> _clients = new(StringComparer.Ordinal);

        public void Add(string caller, long hour)
        {
            lock (_clients)
            {
                if (!_clients.TryGetValue(caller, out var buckets))
                {
                    if (_clients.Count >= MaxClientsPerFunction && !MakeRoom(hour))
                    {
                        return;
                    }

                    buckets = new Buckets();
                    _clients.Add(caller, buckets);
                }

                var slot = (int)(hour % WindowHours);
                if (buckets.Hours[slot] != hour)
                {
                    buckets.Hours[slot] = hour;
                    buckets.Calls[slot] = 0;
                }

                buckets.Calls[slot]++;
            }
        }

        public IReadOnlyList<ClientCallCount> Counts(long hour)
        {
            lock (_clients)
            {
                return [.. _clients
                    .Select(c => new ClientCallCount(c.Key, c.Value.Total(hour)))
                    .Where(c => c.Calls > 0)
                    .OrderByDescending(c => c.Calls)
                    .ThenBy(c => c.Client, StringComparer.Ordinal)];
            }
        }

        private bool MakeRoom(long hour)
        {
            foreach (var stale in _clients.Where(c => c.Value.Total(hour) == 0).Select(c => c.Key).ToList())
            {
                _clients.Remove(stale);
            }

            return _clients.Count < MaxClientsPerFunction;
        }
    }

    private sealed class Buckets
    {
        public long[] Hours { get; } = Enumerable.Repeat(-1L, WindowHours).ToArray();

        public long[] Calls { get; } = new long[WindowHours];

        // A bucket counts while its hour is one of the last WindowHours hours.
        public long Total(long hour)
        {
            var total = 0L;
            for (var i = 0; i < WindowHours; i++)
            {
                if (hour - Hours[i] is >= 0 and < WindowHours)
                {
                    total += Calls[i];
                }
            }

            return total;
        }
    }
}
