namespace SimpleRpc.Tests.Support;

/// <summary>How long a test waits for something that should happen promptly.</summary>
public static class Within
{
    /// <summary>Generous, so a slow CI machine passes; a hang still fails well inside the test's CancelAfter.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);
}
