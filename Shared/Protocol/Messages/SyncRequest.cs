namespace SimpleRpc.Protocol.Messages;

/// <summary>The proxies a stub already has: module name → checksum.</summary>
public sealed record SyncRequest(IReadOnlyDictionary<string, string> Have);
