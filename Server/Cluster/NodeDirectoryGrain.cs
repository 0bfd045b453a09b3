using Orleans.Concurrency;
using Serilog;

namespace SimpleRpc.Server.Cluster;

/// <summary>
/// The live nodes, in memory. Reentrant: a slow or dead node's observer must not hold up the
/// subscriptions and notifications of the others (each call to a node has its own timeout).
/// </summary>
[Reentrant]
public sealed class NodeDirectoryGrain(ILogger log) : Grain, INodeDirectoryGrain
{
    // A new activation (its node died and it moved) knows only the nodes that subscribed since:
    // every live node subscribes again within RefreshSeconds. Until this much time has passed,
    // not finding a client is not an answer yet (ClusterFailoverTests.KillNode_OfTheDirectory…).
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(ClusterNode.RefreshSeconds + 1);
    private static readonly TimeSpan SettlingStep = TimeSpan.FromMilliseconds(250);
    private readonly DateTime _activatedAt = DateTime.UtcNow;
    // A node that has not subscribed again within this is taken for gone.
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(3 * ClusterNode.RefreshSeconds);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);
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

    /// <inheritdoc/>
    public async Task<List<ClusterClient>> ListClientsAsync()
    {
        var answers = await Task.WhenAll(Live().Select(async n =>
        {
            try
            {
                return await n.Observer.ListClientsAsync().WaitAsync(CallTimeout);
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                return [];
            }
        }));
        return [.. answers.SelectMany(a => a).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <inheritdoc/>
    public async Task<List<ClusterCallCount>> RecentCallersAsync(string module, List<string> functions)
    {
        var answers = await Task.WhenAll(Live().Select(async n =>
        {
            try
            {
                return await n.Observer.RecentCallersAsync(module, functions).WaitAsync(CallTimeout);
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                return [];
            }
        }));
        return [.. answers.SelectMany(a => a)];
    }

    /// <inheritdoc/>
    public async Task<bool> DeliverAsync(string to, string from, string text, DateTimeOffset sentAt)
    {
        var asked = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            foreach (var (node, observer) in Live().Where(n => asked.Add(n.Node)))
            {
                try
                {
                    if (await observer.DeliverAsync(to, from, text, sentAt).WaitAsync(CallTimeout))
                    {
                        return true;
                    }
                }
                catch (Exception ex) when (ex is TimeoutException or OrleansException)
                {
                    // That node is gone or slow; the client may be on another.
                }
            }

            // Just moved here: the nodes still subscribing may have the client; ask them as they come.
            if (DateTime.UtcNow - _activatedAt >= Settling)
            {
                return false;
            }

            await Task.Delay(SettlingStep);
        }
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
