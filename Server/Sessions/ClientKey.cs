using SimpleRpc.Protocol;

namespace SimpleRpc.Server.Sessions;

/// <summary>One entry of the server conf's <c>keys</c>: a secret a stub presents, and its role.</summary>
public sealed class ClientKey
{
    /// <summary>The secret, as the stub's conf has it (at least 16 characters).</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>What the key allows: call, publish or admin.</summary>
    public ClientRole Role { get; set; } = ClientRole.Call;
}
