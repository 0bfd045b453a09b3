namespace SimpleRpc.Protocol.Messages;

/// <summary>
/// One connected client, as the <c>clients</c> command lists it. <paramref name="Node"/> is the
/// server node it is connected to in a cluster (docs/cluster.md), absent from the wire otherwise.
/// </summary>
public sealed record ClientInfo(
    string Name,
    string SessionId,
    string Address,
    DateTimeOffset ConnectedAt,
    [property: Newtonsoft.Json.JsonProperty("node", NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore)] string? Node = null);
