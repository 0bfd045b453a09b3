using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Link;

/// <summary>Calls the server's built-in methods; <see cref="ServerLink"/> is the one the stub uses.</summary>
public interface IServerInvoker
{
    /// <summary>
    /// Sends a request and waits for its answer. Several requests may be in flight at once; the
    /// server handles a connection's built-in requests in the order they were sent.
    /// </summary>
    /// <exception cref="RpcException">The server answered with an error, or is not connected.</exception>
    Task<T?> InvokeAsync<T>(string method, object? parameters, CancellationToken cancellationToken);
}
