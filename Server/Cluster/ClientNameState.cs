namespace SimpleRpc.Server.Cluster;

/// <summary>A client name's state in Redis: the key it is bound to and the session holding it now.</summary>
[GenerateSerializer]
[Alias("SimpleRpc.ClientNameState")]
public sealed class ClientNameState
{
    /// <summary>The fingerprint of the key the name was first claimed with, or null while unclaimed.</summary>
    [Id(0)]
    public string? Fingerprint { get; set; }

    /// <summary>The node whose session holds the name, or null when nobody holds it.</summary>
    [Id(1)]
    public string? Node { get; set; }

    /// <summary>The silo of that node: when Orleans no longer counts it active, the name is free.</summary>
    [Id(2)]
    public SiloAddress? Silo { get; set; }

    /// <summary>The holding session's id.</summary>
    [Id(3)]
    public string? SessionId { get; set; }
}
