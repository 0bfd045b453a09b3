namespace SimpleRpc.Protocol.Messages;

/// <summary>Asks the server to deliver <paramref name="Text"/> to client <paramref name="To"/>.</summary>
public sealed record SendMessageRequest(string To, string Text);
