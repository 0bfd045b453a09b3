namespace SimpleRpc.Protocol.Messages;

/// <summary>Asks the server to remove module <paramref name="Name"/> from itself and every stub.</summary>
public sealed record UnregisterRequest(string Name);
