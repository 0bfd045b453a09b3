namespace SimpleRpc.Walkthrough;

/// <summary>What the walk-through observed.</summary>
public sealed record WalkthroughResult
{
    /// <summary>The dashboard address of the server, or of each cluster node in order, as each logged it.</summary>
    public List<string> DashboardUrls { get; } = [];

    /// <summary>The stubs' names as the server accepted them.</summary>
    public List<string> StubNames { get; } = [];

    /// <summary>The name a stub that asked for a taken name ended up with.</summary>
    public string? SuggestedName { get; set; }

    /// <summary>The line the message's recipient printed.</summary>
    public string? DeliveredMessage { get; set; }

    /// <summary>Proxy file of module z in each stub's folder.</summary>
    public List<string> ProxyFiles { get; } = [];

    /// <summary>What TestApp printed.</summary>
    public List<string> AppOutput { get; } = [];

    /// <summary>TestApp's exit code.</summary>
    public int AppExitCode { get; set; } = -1;

    /// <summary>Cluster only: milliseconds from the node's kill until its stub resumed on another node.</summary>
    public long? FailoverMilliseconds { get; set; }

    /// <summary>Cluster only: TestApp's exit code when run again after the kill.</summary>
    public int? AppAfterFailoverExitCode { get; set; }
}
