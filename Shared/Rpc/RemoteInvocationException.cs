using SimpleRpc.Protocol;

namespace SimpleRpc.Rpc;

/// <summary>
/// A module function threw on the server. The remote exception's type is carried by name only
/// (<see cref="RemoteType"/>): a type named by the peer is never instantiated.
/// </summary>
public sealed class RemoteInvocationException : RpcException
{
    /// <summary>Creates the exception.</summary>
    public RemoteInvocationException(string message, string remoteType, string? remoteStackTrace, string? dataJson)
        : base(RpcErrorCodes.ModuleThrew, message, dataJson)
    {
        RemoteType = remoteType;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The full name of the exception type thrown on the server, e.g. <c>System.DivideByZeroException</c>.</summary>
    public string RemoteType { get; }

    /// <summary>The server-side stack trace, naming lines of the module's file.</summary>
    public string? RemoteStackTrace { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{GetType().FullName}: {RemoteType}: {Message}{Environment.NewLine}--- remote stack trace ---{Environment.NewLine}{RemoteStackTrace}{Environment.NewLine}--- local stack trace ---{Environment.NewLine}{StackTrace}";
}
