namespace SimpleRpc.Server.Sessions;

/// <summary>A module's proxy as a stub holds it, as far as the server knows: what the stub's sync said it had, or what the server pushed or synced to it since.</summary>
/// <param name="Checksum">The checksum of the module version the proxy describes.</param>
/// <param name="Version">That version, or 0 when the stub reported a checksum the server no longer knows.</param>
/// <param name="At">When the stub said it wrote it, else when the server handed it to the stub's link (or heard of it in the stub's sync).</param>
/// <param name="How">How: <c>written</c> (the stub said it has the file, <c>simplerpc/proxyWritten</c>), <c>synced</c> (in a sync's reply), <c>pushed</c> (a proxy update sent) or <c>reported</c> (the stub's sync said it had it).</param>
public sealed record HeldProxy(string Checksum, int Version, DateTimeOffset At, string How);
