namespace SimpleRpc.Server.Cluster;

/// <summary>The catalogue index's state in Redis.</summary>
[GenerateSerializer]
[Alias("SimpleRpc.CatalogueIndexState")]
public sealed class CatalogueIndexState
{
    /// <summary>Latest version by module name in lower case.</summary>
    [Id(0)]
    public Dictionary<string, int> Versions { get; set; } = new(StringComparer.Ordinal);
}
