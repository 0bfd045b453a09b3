namespace SimpleRpc.Server.Modules;

/// <summary>
/// Where a clustered server records its module versions (docs/cluster.md). A lone server has
/// none, and the registry numbers versions itself.
/// </summary>
public interface IModuleCatalogue
{
    /// <summary>The latest version the catalogue holds for <paramref name="name"/> (a removal counts), 0 for none.</summary>
    /// <exception cref="ModuleStoreException">The catalogue is unreachable.</exception>
    Task<int> LatestVersionAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="module"/> as its version if that is higher than the latest. Returns
    /// null when it was recorded, else the latest version (another node's, which may be the same number).
    /// </summary>
    /// <param name="module">The compiled module, with its version, publisher and source.</param>
    /// <param name="mayReplaceOthers">False: refused when the latest version is another client's (only an admin key replaces it).</param>
    /// <param name="cancellationToken">Stops waiting for the catalogue.</param>
    /// <exception cref="ModuleStoreException">The catalogue is unreachable; nothing was recorded.</exception>
    /// <exception cref="UnauthorizedAccessException">The latest version is another client's and <paramref name="mayReplaceOthers"/> is false.</exception>
    Task<int?> AppendAsync(LoadedModule module, bool mayReplaceOthers, CancellationToken cancellationToken);

    /// <summary>
    /// Records the removal of <paramref name="name"/>, asked for by <paramref name="requestedBy"/>
    /// (a client's name, or the server console), as its next version and returns that version.
    /// </summary>
    /// <exception cref="ModuleStoreException">The catalogue is unreachable; nothing was removed.</exception>
    Task<int> RemoveAsync(string name, string requestedBy, CancellationToken cancellationToken);
}
