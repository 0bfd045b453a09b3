namespace SimpleRpc.Server.Cluster;

/// <summary>
/// The live nodes (one grain, key 0, in memory): each node subscribes every few seconds, so the
/// directory is rebuilt soon after the silo holding it died, and a node that stops is dropped.
/// </summary>
public interface INodeDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or refreshes <paramref name="node"/>.</summary>
    Task SubscribeAsync(string node, INodeObserver observer);

    /// <summary>Removes <paramref name="node"/> (it is stopping).</summary>
    Task UnsubscribeAsync(string node);

    /// <summary>Sends <paramref name="entry"/> to every node, one-way.</summary>
    Task NotifyAsync(CatalogueEntry entry);

    /// <summary>Every node's sessions; a node that does not answer within a few seconds is left out.</summary>
    Task<List<ClusterClient>> ListClientsAsync();

    /// <summary>Delivers a message to the named client on whichever node has it; false when none has.</summary>
    Task<bool> DeliverAsync(string to, string from, string text, DateTimeOffset sentAt);

    /// <summary>Every live node's counts of recent calls to <paramref name="functions"/> of <paramref name="module"/>; a node that does not answer in time counts nothing.</summary>
    Task<List<ClusterCallCount>> RecentCallersAsync(string module, List<string> functions);
}
