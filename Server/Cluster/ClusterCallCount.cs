namespace SimpleRpc.Server.Cluster;

/// <summary>How often one client called one function of a module on one node, within <see cref="Dispatch.RecentCallers.WindowHours"/>.</summary>
[GenerateSerializer]
[Alias("SimpleRpc.ClusterCallCount")]
public sealed class ClusterCallCount
{
    /// <summary>The function's name, without the module.</summary>
    [Id(0)]
    public string Function { get; set; } = string.Empty;

    /// <summary>The calling client's name.</summary>
    [Id(1)]
    public string Client { get; set; } = string.Empty;

    /// <summary>Its calls on the node that answers.</summary>
    [Id(2)]
    public long Calls { get; set; }
}
