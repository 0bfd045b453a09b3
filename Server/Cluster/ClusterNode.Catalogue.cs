using Orleans.Runtime;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Cluster;

public sealed partial class ClusterNode
{
    /// <inheritdoc/>
    public async Task<int> LatestVersionAsync(string name, CancellationToken cancellationToken)
    {
        var latest = await CatalogueCallAsync(() => Grains.GetGrain<IModuleCatalogueGrain>(Key(name)).GetLatestAsync(), cancellationToken).ConfigureAwait(false);
        return latest?.Version ?? 0;
    }

    /// <inheritdoc/>
    public async Task<int?> AppendAsync(LoadedModule module, bool mayReplaceOthers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(module);
        var entry = new CatalogueEntry
        {
            Name = module.Name, Version = module.Info.Version, Source = module.Source, Checksum = module.Info.Checksum,
            PublishedBy = module.Info.RegisteredBy, PublishedAt = module.Info.RegisteredAt, MayReplaceOthers = mayReplaceOthers, Node = NodeName,
        };
        var outcome = await CatalogueCallAsync(() => Grains.GetGrain<IModuleCatalogueGrain>(Key(module.Name)).AppendAsync(entry), cancellationToken).ConfigureAwait(false);
        Seen(module.Name, outcome.Latest);
        if (outcome.Owner is { } owner)
        {
            throw new UnauthorizedAccessException(ModuleRules.ReplaceRefused(owner, module.Name));
        }

        return outcome.Recorded ? null : outcome.Latest;
    }

    /// <inheritdoc/>
    public async Task<int> RemoveAsync(string name, string requestedBy, CancellationToken cancellationToken)
    {
        var version = await CatalogueCallAsync(() => Grains.GetGrain<IModuleCatalogueGrain>(Key(name)).RemoveAsync(requestedBy, NodeName), cancellationToken).ConfigureAwait(false);
        Seen(name, version);
        return version;
    }

    /// <inheritdoc/>
    public Task ApplyAsync(CatalogueEntry entry)
    {
        // Called by Orleans; the compile happens on the apply loop, one entry at a time.
        _applyQueue.Writer.TryWrite(entry);
        return Task.CompletedTask;
    }

    // Applies every entry the index says is newer than what this node has; returns how many.
    private async Task<int> ReconcileAsync(Dictionary<string, int> index, CancellationToken cancellationToken)
    {
        var local = _modules.Snapshot().ToDictionary(m => Key(m.Name), m => m.Info.Version, StringComparer.Ordinal);
        var applied = 0;
        foreach (var (key, version) in index)
        {
            if (version <= Math.Max(local.GetValueOrDefault(key), _seen.GetValueOrDefault(key)))
            {
                continue;
            }

            var entry = await Grains.GetGrain<IModuleCatalogueGrain>(key).GetLatestAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (entry is not null)
            {
                // Applied inline at start-up (so a node serves everything before it accepts stubs),
                // and by the same code the loop uses.
                await ApplyEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                applied++;
            }
        }

        return applied;
    }

    private async Task ApplyLoopAsync()
    {
        try
        {
            await foreach (var entry in _applyQueue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                await ApplyEntryAsync(entry, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ApplyEntryAsync(CatalogueEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            if (entry.Removed)
            {
                await _modules.ApplyRemovalAsync(entry.Name, entry.Version, entry.PublishedBy, entry.Node, cancellationToken).ConfigureAwait(false);
            }
            else if (entry.Source is not null)
            {
                await _modules.ApplyAsync(entry.Name, entry.Version, entry.Source, entry.Checksum, entry.PublishedBy, entry.PublishedAt, cancellationToken).ConfigureAwait(false);
            }

            Seen(entry.Name, entry.Version);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left unseen: the next reconciliation tries again.
            _log.Error(ex, "Could not apply {ModuleName} v{ModuleVersion} from the cluster's catalogue", entry.Name, entry.Version);
        }
    }

    private void Seen(string name, int version) => _seen.AddOrUpdate(Key(name), version, (_, known) => Math.Max(known, version));

    // A catalogue that cannot be reached refuses the publish with a clear error; nothing is recorded.
    private async Task<T> CatalogueCallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await ClusterCallAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ModuleStoreException)
        {
            _log.Error(ex, "The cluster's catalogue is unreachable");
            throw new ModuleStoreException("The cluster's catalogue is unreachable; publishing and unregistering are refused until it is back.", ex);
        }
    }
}
