using System.Globalization;
using System.Net;

namespace SimpleRpc.Server.Sessions;

/// <summary>
/// Counts hellos refused for want of a valid key, per remote address, in windows of one minute
/// that start at an address's first failure. Once an address reaches the limit, every hello from it
/// is refused until its window ends, whatever key it carries: a right guess would otherwise still
/// be told apart from a wrong one. A successful hello does not reset the count.
/// </summary>
/// <remarks>Thread-safe. Windows that ended are forgotten as new failures arrive.</remarks>
public sealed class FailedHelloLimiter
{
    /// <summary>The window the limit counts in.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const int SweepAbove = 1024;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    /// <summary>Creates a limiter allowing <paramref name="maxPerMinute"/> failed hellos per address; 0 allows any number.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPerMinute"/> is negative.</exception>
    public FailedHelloLimiter(int maxPerMinute, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPerMinute);
        MaxPerMinute = maxPerMinute;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The limit (conf <c>maxFailedHellosPerMinute</c>); 0: no limit.</summary>
    public int MaxPerMinute { get; }

    /// <summary>
    /// The address part of a peer as the acceptor names it (<c>127.0.0.1:50123</c>,
    /// <c>[::1]:50123</c>), IPv4-mapped IPv6 addresses as IPv4; anything else as it is.
    /// </summary>
    public static string AddressOf(string peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!IPEndPoint.TryParse(peer, out var endpoint))
        {
            return peer;
        }

        var address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        return address.ToString();
    }

    /// <summary>
    /// True when <paramref name="address"/> reached the limit and its window has not ended:
    /// refuse its hello without looking at the key. <paramref name="retryAfter"/> is the rest of the window.
    /// </summary>
    public bool IsBlocked(string address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (MaxPerMinute == 0)
        {
            return false;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (!_entries.TryGetValue(address, out var entry) || Ended(entry, now))
            {
                return false;
            }

            if (entry.Failures < MaxPerMinute)
            {
                return false;
            }

            retryAfter = Window - _time.GetElapsedTime(entry.Start, now);
            return true;
        }
    }

    /// <summary>Counts a hello from <paramref name="address"/> that had no valid key.</summary>
    /// <returns>Whether this was the address's first failure in its window, and whether it reached the limit with it.</returns>
    public HelloFailure RecordFailure(string address)
    {
        if (MaxPerMinute == 0)
        {
            return new HelloFailure(First: true, Blocked: false, 1);
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (!_entries.TryGetValue(address, out var entry) || Ended(entry, now))
            {
                if (_entries.Count >= SweepAbove)
                {
                    Sweep(now);
                }

                entry = new Entry(now);
                _entries[address] = entry;
            }

            entry.Failures++;
            return new HelloFailure(entry.Failures == 1, entry.Failures == MaxPerMinute, entry.Failures);
        }
    }

    /// <summary>The window's end for a log line, in seconds from now, rounded up.</summary>
    public static string Seconds(TimeSpan span) => Math.Ceiling(Math.Max(0, span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private bool Ended(Entry entry, long now) => _time.GetElapsedTime(entry.Start, now) >= Window;

    private void Sweep(long now)
    {
        foreach (var (address, entry) in _entries.ToList())
        {
            if (Ended(entry, now))
            {
                _entries.Remove(address);
            }
        }
    }

    private sealed class Entry(long start)
    {
        public long Start { get; } = start;

        public int Failures { get; set; }
    }
}

/// <summary>What <see cref="FailedHelloLimiter.RecordFailure"/> counted.</summary>
/// <param name="First">The address's first failure in its window (worth a log line).</param>
/// <param name="Blocked">This failure reached the limit: the address is refused until its window ends (worth a log line).</param>
/// <param name="Count">Failures in the window so far.</param>
public readonly record struct HelloFailure(bool First, bool Blocked, int Count);
