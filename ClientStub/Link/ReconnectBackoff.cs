namespace SimpleRpc.ClientStub.Link;

/// <summary>
/// Exponential backoff with ±20% jitter, so stubs that lost the same server do not all knock
/// at the same moment. Not thread-safe: one reconnect loop owns it.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _max;
    private TimeSpan _next;

    /// <summary>Starts at <paramref name="first"/> and doubles up to <paramref name="max"/>.</summary>
    public ReconnectBackoff(TimeSpan first, TimeSpan max)
    {
        _max = max;
        _next = first;
    }

    /// <summary>The delay before the next attempt.</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_max.Ticks, _next.Ticks * 2));
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromTicks((long)(delay.Ticks * jitter));
    }
}
