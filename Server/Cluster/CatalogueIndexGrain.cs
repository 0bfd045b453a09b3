using Orleans.Runtime;

namespace SimpleRpc.Server.Cluster;

/// <summary>The catalogue index, kept in Redis (storage <c>catalogue</c>).</summary>
public sealed class CatalogueIndexGrain(
    [PersistentState("index", ClusterHosting.StorageName)] IPersistentState<CatalogueIndexState> state) : Grain, ICatalogueIndexGrain
{
    /// <inheritdoc/>
    public async Task SetAsync(string name, int version)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.ToLowerInvariant();
        if (state.State.Versions.TryGetValue(key, out var known) && known >= version)
        {
            return;
        }

        state.State.Versions[key] = version;
        await state.WriteStateAsync();
    }

    /// <inheritdoc/>
    public Task<Dictionary<string, int>> GetAllAsync() => Task.FromResult(new Dictionary<string, int>(state.State.Versions, StringComparer.Ordinal));
}
