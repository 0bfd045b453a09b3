namespace SimpleRpc.Protocol.Messages;

/// <summary>The server's answer to a hello.</summary>
/// <param name="Name">The name the session now has.</param>
/// <param name="SessionId">A server-chosen id for logs.</param>
/// <param name="ServerVersion">The protocol version the server speaks.</param>
/// <param name="Role">What the key allows.</param>
public sealed record HelloResult(string Name, string SessionId, int ServerVersion, ClientRole Role = ClientRole.Call);
