namespace SimpleRpc.Walkthrough;

/// <summary>How to run the walk-through.</summary>
public sealed record WalkthroughOptions
{
    /// <summary>The repository root (the folder holding SimpleRpc.sln).</summary>
    public required string RepoRoot { get; init; }

    /// <summary>A scratch folder for proxies and logs; created if missing.</summary>
    public required string WorkDir { get; init; }

    /// <summary>The build configuration whose outputs are started (Debug or Release).</summary>
    public string Configuration { get; init; } = BuildInfo.Configuration;

    /// <summary>Build TestApp against the first stub's synced proxy folder before running it (step 5).
    /// When false, the TestApp already built against the checked-in proxies is run.</summary>
    public bool BuildApp { get; init; } = true;

    /// <summary>How long any one step may take.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where progress lines go.</summary>
    public Action<string> Report { get; init; } = Console.WriteLine;

    /// <summary>Where the child processes' own lines go (null: not shown).</summary>
    public Action<string>? Echo { get; init; }

    /// <summary>0: one server alone. N &gt; 0: a redis-server and N cluster nodes, the stubs spread over
    /// them, and after the app's calls one node killed and the calls repeated through the survivors.</summary>
    public int ClusterNodes { get; init; }
}
