namespace SimpleRpc.Server.Cluster;

/// <summary>
/// One version of a module in the cluster's catalogue: a publish (with its source) or a removal
/// (a tombstone, so version numbers are never handed out twice).
/// </summary>
[GenerateSerializer]
[Alias("SimpleRpc.CatalogueEntry")]
public sealed class CatalogueEntry
{
    /// <summary>The module's name as it was published.</summary>
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    /// <summary>The version the catalogue gave it; every entry of one name has a higher one than the last.</summary>
    [Id(1)]
    public int Version { get; set; }

    /// <summary>The module's source; null for a removal, and in the history (only the latest keeps it).</summary>
    [Id(2)]
    public string? Source { get; set; }

    /// <summary>The SHA-256 of the uploaded bytes, lower-case hex; empty for a removal.</summary>
    [Id(3)]
    public string Checksum { get; set; } = string.Empty;

    /// <summary>The client that published (or removed) it.</summary>
    [Id(4)]
    public string PublishedBy { get; set; } = string.Empty;

    /// <summary>When it was published or removed.</summary>
    [Id(5)]
    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>True for a removal.</summary>
    [Id(6)]
    public bool Removed { get; set; }

    /// <summary>On an append: true when the publisher may replace another client's module (an admin key). Not kept.</summary>
    [Id(7)]
    public bool MayReplaceOthers { get; set; }

    /// <summary>The node it was published or removed through (its stub endpoint); null in entries recorded before nodes were named.</summary>
    [Id(8)]
    public string? Node { get; set; }

    /// <summary>A copy without the source, for the history.</summary>
    public CatalogueEntry WithoutSource() => new()
    {
        Name = Name, Version = Version, Checksum = Checksum, PublishedBy = PublishedBy, PublishedAt = PublishedAt, Removed = Removed, Node = Node,
    };
}
