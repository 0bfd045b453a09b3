namespace SimpleRpc.Server.Cluster;

/// <summary>One stub connected to some node, as <c>clients</c> lists it across the cluster.</summary>
[GenerateSerializer]
[Alias("SimpleRpc.ClusterClient")]
public sealed class ClusterClient
{
    /// <summary>The client's name.</summary>
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    /// <summary>Its session id on its node.</summary>
    [Id(1)]
    public string SessionId { get; set; } = string.Empty;

    /// <summary>Its remote address as its node sees it.</summary>
    [Id(2)]
    public string Address { get; set; } = string.Empty;

    /// <summary>When it said hello.</summary>
    [Id(3)]
    public DateTimeOffset ConnectedAt { get; set; }

    /// <summary>The node it is connected to (that node's stub endpoint).</summary>
    [Id(4)]
    public string Node { get; set; } = string.Empty;
}
