namespace SimpleRpc.Protocol.Messages;

/// <summary>The <c>data</c> of a <see cref="RpcErrorCodes.NameTaken"/> error.</summary>
/// <param name="Name">The name that was asked for.</param>
/// <param name="Suggestion">A name that is free right now.</param>
public sealed record NameTakenData(string Name, string Suggestion);
