using Orleans.Concurrency;

namespace SimpleRpc.Server.Cluster;

/// <summary>
/// A node as the node directory reaches it: an Orleans grain observer, a reference to the
/// <see cref="ClusterNode"/> object in that node's process. Questions to a node go through its
/// <see cref="INodeService"/> instead, which needs no directory.
/// </summary>
public interface INodeObserver : IGrainObserver
{
    /// <summary>A catalogue entry to apply; one-way, the node queues it and applies entries one at a time.</summary>
    [OneWay]
    Task ApplyAsync(CatalogueEntry entry);
}
