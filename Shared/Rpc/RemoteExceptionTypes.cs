namespace SimpleRpc.Rpc;

/// <summary>
/// The exception types a module's proxy declares, by the full name the server reports for them
/// (<c>Samples.OutOfStockException</c>): generated proxy code fills one per module and hands it to
/// each of its <see cref="Client.RpcMethod"/>s, so that a module's exception arrives in the app as
/// the proxy's type. Types are created only by the factories added here, never by name.
/// </summary>
/// <remarks>Filled once, while the proxy class initializes; read-only and thread-safe after that.</remarks>
public sealed class RemoteExceptionTypes
{
    private readonly Dictionary<string, Func<RemoteInvocationException, RemoteInvocationException>> _factories = new(StringComparer.Ordinal);

    /// <summary>The remote type names that have a factory.</summary>
    public IReadOnlyCollection<string> RemoteTypes => _factories.Keys;

    /// <summary>Adds the factory of the proxy type for <paramref name="remoteType"/>; returns this table.</summary>
    /// <exception cref="ArgumentException"><paramref name="remoteType"/> already has one.</exception>
    public RemoteExceptionTypes Add(string remoteType, Func<RemoteInvocationException, RemoteInvocationException> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(remoteType);
        ArgumentNullException.ThrowIfNull(create);
        _factories.Add(remoteType, create);
        return this;
    }

    /// <summary>The proxy's exception for <paramref name="remote"/>, or null when its type has no factory here.</summary>
    public RemoteInvocationException? TryCreate(RemoteInvocationException remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return _factories.TryGetValue(remote.RemoteType, out var create) ? create(remote) : null;
    }
}
