namespace SimpleRpc.Server.Tests.Support;

/// <summary>A wall clock the test sets by hand (a double for a collaborator, not for the code under test).</summary>
internal sealed class ManualUtcClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
