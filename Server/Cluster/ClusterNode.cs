using System.Collections.Concurrent;
using System.Threading.Channels;
using Orleans.Runtime;
using Serilog;
using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Sessions;

namespace SimpleRpc.Server.Cluster;

/// <summary>
/// This server as one node of a cluster (docs/cluster.md): the seam between the server's own
/// registries and the cluster's grains. It records publishes in the catalogue, applies what
/// other nodes publish (as the node directory's <see cref="INodeObserver"/>), catches up at start
/// and every few seconds, and answers the other nodes about its sessions (through this silo's
/// <see cref="NodeService"/>).
/// </summary>
public sealed partial class ClusterNode : INodeObserver, IModuleCatalogue, ISessionDirectory, IAsyncDisposable
{
    /// <summary>Seconds between a node's subscriptions to the directory and its reconciliations with the catalogue.</summary>
    public const int RefreshSeconds = 3;

    private const int MaxCallAttempts = 4;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    private readonly ModuleRegistry _modules;
    private readonly ClientRegistry _clients;
    private readonly ILogger _log;
    private readonly Channel<CatalogueEntry> _applyQueue = Channel.CreateUnbounded<CatalogueEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private IGrainFactory? _grains;
    private SiloAddress? _silo;
    private RefusedNodeReaper? _reaper;
    private ClusterNodes? _nodes;
    private INodeObserver? _self;
    private Task? _applyLoop;
    private Task? _refreshLoop;
    private int _disposed;

    /// <summary>Creates the node over the server's registries; <see cref="Attach"/> connects it to the silo.</summary>
    public ClusterNode(ModuleRegistry modules, ClientRegistry clients, ILogger log)
    {
        _modules = modules;
        _clients = clients;
        _log = log;
    }

    /// <summary>This node's name: its stub endpoint, known once the listener is bound.</summary>
    public string NodeName { get; private set; } = "(starting)";

    /// <summary>
    /// Connects the node to the started silo's grain factory and to the other nodes, which from
    /// now on ask it about its sessions. Call once, before <see cref="CatchUpAsync"/>.
    /// With <paramref name="reaper"/>, a cluster call that failed on a node whose process is gone
    /// is tried again once that node is declared dead (<c>cluster.declareRefusedDead</c>).
    /// </summary>
    public void Attach(IGrainFactory grains, SiloAddress silo, ClusterNodes nodes, RefusedNodeReaper? reaper)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        _grains = grains;
        _silo = silo;
        _nodes = nodes;
        _reaper = reaper;
        nodes.Local = this;
    }

    private IGrainFactory Grains => _grains ?? throw new InvalidOperationException("The cluster node is not attached to its silo yet.");

    private ClusterNodes Nodes => _nodes ?? throw new InvalidOperationException("The cluster node is not attached to its silo yet.");

    /// <summary>
    /// Brings this node up to the catalogue before it accepts stubs: records the modules only it
    /// has (a node that ran alone before), then applies every newer version and removal.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        _applyLoop = Task.Run(ApplyLoopAsync, CancellationToken.None);
        var index = await Grains.GetGrain<ICatalogueIndexGrain>(0).GetAllAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var module in _modules.Snapshot())
        {
            var key = Key(module.Name);
            if (module.Info.Version > index.GetValueOrDefault(key))
            {
                var beaten = await AppendAsync(module, mayReplaceOthers: true, cancellationToken).ConfigureAwait(false);
                _log.Information("Recorded {ModuleName} v{ModuleVersion} from this node's data folder in the cluster's catalogue (latest v{LatestVersion})", module.Name, module.Info.Version, beaten ?? module.Info.Version);
            }
        }

        var applied = await ReconcileAsync(index, cancellationToken).ConfigureAwait(false);
        _log.Information("Caught up with the cluster's catalogue: {Count} modules, {Applied} applied", index.Count, applied);
    }

    /// <summary>Names the node (its bound stub endpoint), subscribes it to the directory and starts its refresh loop.</summary>
    public async Task JoinAsync(string nodeName, CancellationToken cancellationToken)
    {
        NodeName = nodeName;
        _self = Grains.CreateObjectReference<INodeObserver>(this);
        await Grains.GetGrain<INodeDirectoryGrain>(0).SubscribeAsync(NodeName, _self).WaitAsync(cancellationToken).ConfigureAwait(false);
        _refreshLoop = Task.Run(RefreshLoopAsync, CancellationToken.None);
        _log.Information("Joined the cluster as node {Node} (silo {Silo})", NodeName, _silo?.ToString());
    }

    // Subscriptions expire in the directory and notifications can be missed (the directory's
    // silo died, a node was busy): both are repaired here every few seconds.
    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(RefreshSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    await Grains.GetGrain<INodeDirectoryGrain>(0).SubscribeAsync(NodeName, _self!).ConfigureAwait(false);
                    var index = await Grains.GetGrain<ICatalogueIndexGrain>(0).GetAllAsync().ConfigureAwait(false);
                    await ReconcileAsync(index, _stopping.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _log.Warning("Could not refresh this node's place in the cluster: {Reason}; trying again in {Seconds} s", ex.Message, RefreshSeconds);

                    // The directory or the index lived on a node that is gone: declaring it dead now
                    // brings them back on a live node by the next refresh.
                    if (_reaper is not null && ex is OrleansException)
                    {
                        await _reaper.ReapAsync(ex, _stopping.Token).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _applyQueue.Writer.TryComplete();
        if (_self is not null)
        {
            try
            {
                try
                {
                    await Grains.GetGrain<INodeDirectoryGrain>(0).UnsubscribeAsync(NodeName).WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is TimeoutException or OrleansException)
                {
                    _log.Debug("Could not leave the node directory: {Reason}", ex.Message);
                }

                Grains.DeleteObjectReference<INodeObserver>(_self);
            }
            catch (ObjectDisposedException)
            {
                // The silo is gone already: a stop during the server's start ends the host before
                // the server (GracefulShutdownTests.Sigterm_ClusterNodeWhileStarting_…). The directory
                // forgets a dead node by itself.
            }
        }

        foreach (var task in new[] { _applyLoop, _refreshLoop })
        {
            if (task is not null)
            {
                await task.ConfigureAwait(false);
            }
        }

        _stopping.Dispose();
    }

    // One call to a grain, bounded in time. A call that failed because a node's process is gone
    // (its grain, or the directory entry that finds it, lived there) is tried again once that
    // node is declared dead, so a stub resumes at its first try on a live node
    // (ClusterFailoverTests.KillNode_ThatKeepsTheStubsName_StubResumesOnAnother).
    private async Task<T> ClusterCallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(CallTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (OrleansException ex) when (attempt < MaxCallAttempts && _reaper is not null)
            {
                if (!await _reaper.ReapAsync(ex, cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }

                // The directory settles on the live nodes a moment after the death is known.
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (attempt - 1)), cancellationToken).ConfigureAwait(false);
                _log.Information("Trying the cluster call again: the node it failed on is declared dead (try {Attempt})", attempt + 1);
            }
        }
    }

    private static string Key(string name) => name.ToLowerInvariant();
}
