namespace SimpleRpc.Protocol.Messages;

/// <summary>A stub has a module's proxy in its folder (written now, or already there unchanged).</summary>
/// <param name="Name">The module.</param>
/// <param name="Checksum">The checksum of the version the proxy describes.</param>
public sealed record ProxyWritten(string Name, string Checksum);
