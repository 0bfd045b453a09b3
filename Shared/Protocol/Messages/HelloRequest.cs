namespace SimpleRpc.Protocol.Messages;

/// <summary>A stub's first message: who it is and the key that proves it.</summary>
/// <param name="Name">The client's name: letters, digits, '-', '_' and '.', 1 to 64 characters.</param>
/// <param name="Version">The protocol version the stub speaks (currently 1).</param>
/// <param name="Key">The client's key from its conf; the server's conf gives the key its role.</param>
/// <param name="Resume">The session id of this client's previous connection when it reconnects:
/// that session, if the server still holds it and it has the same key, is replaced.</param>
public sealed record HelloRequest(string Name, int Version = 1, string? Key = null, string? Resume = null);
