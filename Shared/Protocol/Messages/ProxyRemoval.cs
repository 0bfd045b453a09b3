namespace SimpleRpc.Protocol.Messages;

/// <summary>A module the server no longer hosts.</summary>
public sealed record ProxyRemoval(string Name);
