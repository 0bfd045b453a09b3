namespace SimpleRpc.Server.Cluster;

/// <summary>
/// The catalogue of one module name (key: the name in lower case). The only place the cluster
/// hands out that name's version numbers; Orleans runs one call at a time, so they are ordered.
/// </summary>
public interface IModuleCatalogueGrain : IGrainWithStringKey
{
    /// <summary>The latest entry (a publish with its source, or a removal), or null.</summary>
    Task<CatalogueEntry?> GetLatestAsync();

    /// <summary>
    /// Records <paramref name="entry"/> if its version is higher than the latest, writes the state
    /// to Redis, then tells every node. When it is not recorded, the outcome names the latest
    /// version (another node's, maybe the same number), and the caller compiles again above it.
    /// </summary>
    /// <exception cref="Exception">Redis could not be written; nothing was recorded.</exception>
    Task<AppendOutcome> AppendAsync(CatalogueEntry entry);

    /// <summary>
    /// Records a removal, asked for by <paramref name="requestedBy"/> through <paramref name="node"/>,
    /// as the next version and tells every node; returns that version, or 0 when there is nothing to remove.
    /// </summary>
    Task<int> RemoveAsync(string requestedBy, string node);
}
