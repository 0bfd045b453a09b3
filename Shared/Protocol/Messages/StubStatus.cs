namespace SimpleRpc.Protocol.Messages;

/// <summary>What a stub tells an app about itself.</summary>
public sealed record StubStatus(string Name, bool ServerConnected, IReadOnlyDictionary<string, string> Modules);
