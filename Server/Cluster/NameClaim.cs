namespace SimpleRpc.Server.Cluster;

/// <summary>The answer of a client-name grain to a claim.</summary>
[GenerateSerializer]
[Alias("SimpleRpc.NameClaim")]
public sealed class NameClaim
{
    /// <summary>True when the name is now the caller's session's.</summary>
    [Id(0)]
    public bool Granted { get; set; }

    /// <summary>When refused: true when the name belongs to another key, false when another session of the same key holds it.</summary>
    [Id(1)]
    public bool OtherKey { get; set; }

    /// <summary>When granted over a previous session (a resume): the node that held it, else null.</summary>
    [Id(2)]
    public string? ReplacedNode { get; set; }
}
