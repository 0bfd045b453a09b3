namespace SimpleRpc.Server.Isolation;

/// <summary>A compiled module version for a worker to serve; older versions finish their calls, then unload.</summary>
/// <param name="Name">The module's name.</param>
/// <param name="Version">Its version.</param>
/// <param name="Checksum">SHA-256 of its source.</param>
/// <param name="Image">The PE image with its PDB (base64 on the wire).</param>
internal sealed record WorkerLoad(string Name, int Version, string Checksum, byte[] Image);
