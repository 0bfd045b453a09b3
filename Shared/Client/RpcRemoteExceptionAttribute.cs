namespace SimpleRpc.Client;

/// <summary>
/// Marks an exception type that a server-emitted proxy declares for an exception type of its
/// module, with the full name the server reports when the module throws it. The Proxy.Generator
/// lists every such type of an <see cref="RpcModuleAttribute"/> class in the proxy's
/// <see cref="SimpleRpc.Rpc.RemoteExceptionTypes"/>, so the module's exception arrives as it.
/// </summary>
/// <remarks>
/// The type must derive from <see cref="SimpleRpc.Rpc.RemoteInvocationException"/>, be nested in
/// the proxy class, not be abstract, and have a constructor that takes a
/// <see cref="SimpleRpc.Rpc.RemoteInvocationException"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RpcRemoteExceptionAttribute : Attribute
{
    /// <summary>Marks the proxy type for the module's <paramref name="remoteType"/>.</summary>
    public RpcRemoteExceptionAttribute(string remoteType) => RemoteType = remoteType;

    /// <summary>The exception type's full name in the module, e.g. <c>Samples.OutOfStockException</c>.</summary>
    public string RemoteType { get; }
}
