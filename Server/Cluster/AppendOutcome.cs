namespace SimpleRpc.Server.Cluster;

/// <summary>What a catalogue grain did with an entry: recorded it, or not because a version as high or higher was there.</summary>
[GenerateSerializer]
[Alias("SimpleRpc.AppendOutcome")]
public sealed class AppendOutcome
{
    /// <summary>True when the entry is now the latest.</summary>
    [Id(0)]
    public bool Recorded { get; set; }

    /// <summary>The latest version after the call: the entry's when recorded, else the one that was there.</summary>
    [Id(1)]
    public int Latest { get; set; }

    /// <summary>When refused because the latest version is another client's: that client.</summary>
    [Id(2)]
    public string? Owner { get; set; }
}
