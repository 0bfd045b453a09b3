using Orleans.Runtime;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Cluster;

/// <summary>The catalogue of one module name, kept in Redis (storage <c>catalogue</c>).</summary>
public sealed class ModuleCatalogueGrain(
    [PersistentState("module", ClusterHosting.StorageName)] IPersistentState<ModuleCatalogueState> state) : Grain, IModuleCatalogueGrain
{
    /// <inheritdoc/>
    public Task<CatalogueEntry?> GetLatestAsync() => Task.FromResult(state.State.Latest);

    /// <inheritdoc/>
    public async Task<AppendOutcome> AppendAsync(CatalogueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var latest = state.State.Latest?.Version ?? 0;
        if (state.State.Latest is { Removed: false } live && !ModuleRules.MayChange(live.PublishedBy, entry.PublishedBy, entry.MayReplaceOthers))
        {
            // The publishing node checked this too, but another node may have recorded a version meanwhile.
            return new AppendOutcome { Latest = latest, Owner = live.PublishedBy };
        }

        entry.MayReplaceOthers = false;
        if (entry.Version <= latest)
        {
            return new AppendOutcome { Latest = latest };
        }

        await RecordAsync(entry);
        return new AppendOutcome { Recorded = true, Latest = entry.Version };
    }

    /// <inheritdoc/>
    public async Task<int> RemoveAsync(string requestedBy, string node)
    {
        if (state.State.Latest is not { Removed: false } latest)
        {
            return 0;
        }

        var removal = new CatalogueEntry { Name = latest.Name, Version = latest.Version + 1, PublishedBy = requestedBy, PublishedAt = DateTimeOffset.UtcNow, Removed = true, Node = node };
        await RecordAsync(removal);
        return removal.Version;
    }

    // Redis first: a node hears of a version only once the catalogue holds it for good.
    private async Task RecordAsync(CatalogueEntry entry)
    {
        var previous = state.State.Latest;
        state.State.Latest = entry;
        state.State.History.Add(entry.WithoutSource());
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Latest = previous;
            state.State.History.RemoveAt(state.State.History.Count - 1);
            throw;
        }

        await GrainFactory.GetGrain<ICatalogueIndexGrain>(0).SetAsync(entry.Name, entry.Version);
        await GrainFactory.GetGrain<INodeDirectoryGrain>(0).NotifyAsync(entry);
    }
}
