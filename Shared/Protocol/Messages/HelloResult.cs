using Newtonsoft.Json;

namespace SimpleRpc.Protocol.Messages;

/// <summary>The server's answer to a hello.</summary>
/// <param name="Name">The name the session now has.</param>
/// <param name="SessionId">A server-chosen id for logs.</param>
/// <param name="ServerVersion">The protocol version the server speaks.</param>
/// <param name="Role">What the key allows.</param>
/// <param name="IdleTimeoutSeconds">The server drops a link silent for this long; a stub sends heartbeats well within it (0: never).</param>
/// <param name="CallTimeoutSeconds">The deadline of a call that names none (<c>timeoutMs</c>); a stub enforces it too (0: not said).</param>
/// <param name="MaxCallTimeoutSeconds">The longest deadline a call may ask for; a longer <c>timeoutMs</c> is cut to it (0: not said).</param>
/// <param name="Open">True when the server has no keys and accepted the hello without checking one
/// (any key, or none, gets <see cref="Role"/>). Optional on the wire: written only when true, so a
/// server that has keys, or predates the member, sends the same reply as before, and a client that
/// does not know it ignores it.</param>
public sealed record HelloResult(
    string Name,
    string SessionId,
    int ServerVersion,
    ClientRole Role = ClientRole.Call,
    int IdleTimeoutSeconds = 0,
    int CallTimeoutSeconds = 0,
    int MaxCallTimeoutSeconds = 0,
    [property: JsonProperty("open", DefaultValueHandling = DefaultValueHandling.Ignore)] bool Open = false);
