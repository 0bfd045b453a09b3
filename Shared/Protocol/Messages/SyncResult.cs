namespace SimpleRpc.Protocol.Messages;

/// <summary>What a stub must change to match the server.</summary>
/// <param name="Updates">Proxies that are missing or whose checksum differs.</param>
/// <param name="Removed">Modules the stub has but the server no longer hosts.</param>
public sealed record SyncResult(IReadOnlyList<ProxyUpdate> Updates, IReadOnlyList<string> Removed);
