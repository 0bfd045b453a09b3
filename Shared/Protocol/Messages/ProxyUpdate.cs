namespace SimpleRpc.Protocol.Messages;

/// <summary>A module's headers-only proxy source.</summary>
public sealed record ProxyUpdate(string Name, int Version, string Checksum, string Source);
