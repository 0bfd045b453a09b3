using Orleans.Concurrency;
using Serilog;

namespace SimpleRpc.Server.Cluster;

/// <summary>
/// The live nodes, in memory, for the catalogue's notifications. A new activation (its node died
/// and it moved) knows only the nodes that subscribed since, so nothing that must be complete
/// asks it: questions go to the nodes directly (<see cref="ClusterNodes"/>), and a missed
/// notification is caught up by the nodes' reconciliation. Reentrant: a slow or dead node's
/// observer must not hold up the subscriptions of the others.
/// </summary>
[Reentrant]
public sealed class NodeDirectoryGrain(ILogger log) : Grain, INodeDirectoryGrain
{
    // A node that has not subscribed again within this is taken for gone.
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(3 * ClusterNode.RefreshSeconds);
    private readonly Dictionary<string, (INodeObserver Observer, DateTime Seen)> _nodes = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    /// <remarks>Logged so an operator (and ClusterFailoverTests) can tell which node holds the directory.</remarks>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.ForContext<NodeDirectoryGrain>().Information("The node directory is active on this node");
        return base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public Task SubscribeAsync(string node, INodeObserver observer)
    {
        _nodes[node] = (observer, DateTime.UtcNow);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task UnsubscribeAsync(string node)
    {
        _nodes.Remove(node);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task NotifyAsync(CatalogueEntry entry)
    {
        foreach (var (_, observer) in Live())
        {
            // One-way: nothing comes back, a dead node costs nothing here.
            _ = observer.ApplyAsync(entry);
        }

        return Task.CompletedTask;
    }

    private List<(string Node, INodeObserver Observer)> Live()
    {
        var now = DateTime.UtcNow;
        foreach (var stale in _nodes.Where(n => now - n.Value.Seen > Expiry).Select(n => n.Key).ToList())
        {
            _nodes.Remove(stale);
        }

        return [.. _nodes.Select(n => (n.Key, n.Value.Observer))];
    }
}
