namespace SimpleRpc.Server.Cluster;

/// <summary>
/// The live nodes (one grain, key 0, in memory) that the catalogue's entries are sent to: each
/// node subscribes every few seconds, so the directory is rebuilt soon after the silo holding it
/// died, and a node that stops is dropped.
/// </summary>
public interface INodeDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or refreshes <paramref name="node"/>.</summary>
    Task SubscribeAsync(string node, INodeObserver observer);

    /// <summary>Removes <paramref name="node"/> (it is stopping).</summary>
    Task UnsubscribeAsync(string node);

    /// <summary>Sends <paramref name="entry"/> to every node, one-way.</summary>
    Task NotifyAsync(CatalogueEntry entry);
}
