namespace SimpleRpc.Server.Cluster;

/// <summary>A catalogue grain's state in Redis: the latest entry (with its source) and the history.</summary>
[GenerateSerializer]
[Alias("SimpleRpc.ModuleCatalogueState")]
public sealed class ModuleCatalogueState
{
    /// <summary>The latest publish or removal, or null before the first.</summary>
    [Id(0)]
    public CatalogueEntry? Latest { get; set; }

    /// <summary>Every entry so far, oldest first, without sources.</summary>
    [Id(1)]
    public List<CatalogueEntry> History { get; set; } = [];
}
