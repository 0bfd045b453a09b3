using Orleans.Concurrency;

namespace SimpleRpc.Server.Cluster;

/// <summary>
/// A node as the other nodes reach it: an Orleans grain observer, a reference to the
/// <see cref="ClusterNode"/> object in that node's process.
/// </summary>
public interface INodeObserver : IGrainObserver
{
    /// <summary>A catalogue entry to apply; one-way, the node queues it and applies entries one at a time.</summary>
    [OneWay]
    Task ApplyAsync(CatalogueEntry entry);

    /// <summary>The node's named sessions.</summary>
    Task<List<ClusterClient>> ListClientsAsync();

    /// <summary>Delivers a message to the named client if it is connected to this node; false when it is not.</summary>
    Task<bool> DeliverAsync(string to, string from, string text, DateTimeOffset sentAt);

    /// <summary>This node's counts of recent calls to <paramref name="functions"/> of <paramref name="module"/>, per client.</summary>
    Task<List<ClusterCallCount>> RecentCallersAsync(string module, List<string> functions);
}
