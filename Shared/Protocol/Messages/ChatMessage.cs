namespace SimpleRpc.Protocol.Messages;

/// <summary>A message delivered to a stub (from another client, or "server").</summary>
public sealed record ChatMessage(string From, string Text, DateTimeOffset SentAt);
