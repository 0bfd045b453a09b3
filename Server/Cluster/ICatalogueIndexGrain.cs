namespace SimpleRpc.Server.Cluster;

/// <summary>Every module name in the catalogue with its latest version (one grain, key 0): what a node reconciles against.</summary>
public interface ICatalogueIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Notes that <paramref name="name"/>'s latest entry is now <paramref name="version"/> (a lower one changes nothing).</summary>
    Task SetAsync(string name, int version);

    /// <summary>Every name (lower case) with its latest version, removals included.</summary>
    Task<Dictionary<string, int>> GetAllAsync();
}
