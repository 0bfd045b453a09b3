namespace SimpleRpc.Protocol.Messages;

/// <summary>A stub's first message: who it is.</summary>
/// <param name="Name">The client's name: letters, digits, '-', '_' and '.', 1 to 64 characters.</param>
/// <param name="Version">The protocol version the stub speaks (currently 1).</param>
public sealed record HelloRequest(string Name, int Version = 1);
