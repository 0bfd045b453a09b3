namespace SimpleRpc.ClientStub.Link;

/// <summary>
/// Exponential backoff with ±20% jitter, so stubs that lost the same server do not all knock
/// at the same moment. Near the start the step stays short: a server that restarts is back
/// within seconds, and the stub should be back within one short step of it, not a long one.
/// Not thread-safe: one reconnect loop owns it.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _max;
    private readonly TimeSpan _earlyMax;
    private readonly int _earlyAttempts;
    private TimeSpan _next;
    private int _attempts;

    /// <summary>Starts at <paramref name="first"/> and doubles up to <paramref name="max"/>.</summary>
    public ReconnectBackoff(TimeSpan first, TimeSpan max)
        : this(first, max, max, 0)
    {
    }

    /// <summary>
    /// Starts at <paramref name="first"/> and doubles, up to <paramref name="earlyMax"/> for the
    /// first <paramref name="earlyAttempts"/> attempts and up to <paramref name="max"/> after them.
    /// </summary>
    public ReconnectBackoff(TimeSpan first, TimeSpan max, TimeSpan earlyMax, int earlyAttempts)
    {
        _max = max;
        _earlyMax = earlyMax;
        _earlyAttempts = earlyAttempts;
        _next = first;
    }

    /// <summary>The stub's reconnect backoff: 100 ms doubling to 500 ms for 20 attempts (about 9 s), then on to 5 s.</summary>
    public static ReconnectBackoff ForReconnect() =>
        new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500), 20);

    /// <summary>The delay before the next attempt.</summary>
    public TimeSpan Next()
    {
        var cap = ++_attempts <= _earlyAttempts ? _earlyMax : _max;
        var delay = TimeSpan.FromTicks(Math.Min(cap.Ticks, _next.Ticks));
        _next = TimeSpan.FromTicks(Math.Min(_max.Ticks, delay.Ticks * 2));
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromTicks((long)(delay.Ticks * jitter));
    }
}
