namespace SimpleRpc.Server.Sessions;

/// <summary>
/// A module call running in a session: its cancellation (this object itself, so listing a call
/// costs no allocation beyond the one every call already made) and what the dashboard shows of it.
/// A stub's call derives from it (<see cref="SessionCall"/>), so that it is one object.
/// </summary>
/// <param name="method">The method the caller sent, e.g. <c>z.Add</c> or a signature id.</param>
public class RunningCall(string method) : CancellationTokenSource
{
    private readonly long _startedTicks = Environment.TickCount64;

    /// <summary>The method the caller sent.</summary>
    public string Method => method;

    /// <summary>How long the call has been running (millisecond resolution).</summary>
    public TimeSpan Elapsed => TimeSpan.FromMilliseconds(Environment.TickCount64 - _startedTicks);
}
