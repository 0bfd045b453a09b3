namespace SimpleRpc.Protocol.Messages;

/// <summary>A module's headers-only proxy source.</summary>
/// <param name="Name">The module's name.</param>
/// <param name="Version">The module's version.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the module's source.</param>
/// <param name="Source">The proxy's C# source.</param>
/// <param name="PublishedAt">When the version was published on the server (a stub measures how long the push took); left out when unknown.</param>
public sealed record ProxyUpdate(
    string Name,
    int Version,
    string Checksum,
    string Source,
    [property: Newtonsoft.Json.JsonProperty(NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore)] DateTimeOffset? PublishedAt = null);
