namespace SimpleRpc.Protocol.Messages;

/// <summary>One connected client, as the <c>clients</c> command lists it.</summary>
public sealed record ClientInfo(string Name, string SessionId, string Address, DateTimeOffset ConnectedAt);
