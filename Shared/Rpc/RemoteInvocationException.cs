using SimpleRpc.Protocol;

namespace SimpleRpc.Rpc;

/// <summary>
/// A module function threw on the server. The remote exception's type is carried by name only
/// (<see cref="RemoteType"/>): a type named by the peer is never instantiated.
/// </summary>
/// <remarks>
/// The exception types a module declares appear in its proxy as subclasses of this one (built with
/// <see cref="RemoteInvocationException(RemoteInvocationException)"/>, listed in the proxy's
/// <see cref="RemoteExceptionTypes"/>), so an app may catch <c>Shapes.ShapeException</c> or, for
/// any module exception, this type. The remote exception's inner exceptions are this exception's
/// <see cref="Exception.InnerException"/> chain.
/// </remarks>
public class RemoteInvocationException : RpcException
{
    /// <summary>Creates the exception.</summary>
    public RemoteInvocationException(string message, string remoteType, string? remoteStackTrace, string? dataJson)
        : this(message, remoteType, remoteStackTrace, dataJson, null)
    {
    }

    /// <summary>Creates the exception with the remote exception's inner exception, as the app sees it.</summary>
    public RemoteInvocationException(string message, string remoteType, string? remoteStackTrace, string? dataJson, Exception? innerException)
        : base(RpcErrorCodes.ModuleThrew, message, dataJson, innerException)
    {
        RemoteType = remoteType;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>
    /// Creates an exception of a proxy's own exception type with everything <paramref name="remote"/>
    /// carries: message, remote type, remote stack trace, data and inner exception.
    /// </summary>
    protected RemoteInvocationException(RemoteInvocationException remote)
        : this(
            (remote ?? throw new ArgumentNullException(nameof(remote))).Message,
            remote.RemoteType,
            remote.RemoteStackTrace,
            remote.DataJson,
            remote.InnerException)
    {
    }

    /// <summary>The full name of the exception type thrown on the server, e.g. <c>System.DivideByZeroException</c>.</summary>
    public string RemoteType { get; }

    /// <summary>The server-side stack trace, naming lines of the module's file.</summary>
    public string? RemoteStackTrace { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{GetType().FullName}: {RemoteType}: {Message}{Environment.NewLine}--- remote stack trace ---{Environment.NewLine}{RemoteStackTrace}{Environment.NewLine}--- local stack trace ---{Environment.NewLine}{StackTrace}"
        + (InnerException is { } inner ? Environment.NewLine + " ---> " + inner : string.Empty);
}
