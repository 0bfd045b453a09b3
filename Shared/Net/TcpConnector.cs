using System.Net.Sockets;
using Serilog;
using SimpleRpc.Rpc;

namespace SimpleRpc.Net;

/// <summary>Opens a TCP connection and wraps it in a started <see cref="JsonRpcConnection"/>.</summary>
public static class TcpConnector
{
    /// <summary>Connects to <paramref name="endpoint"/> (host:port) with Nagle off.</summary>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    public static async Task<JsonRpcConnection> ConnectAsync(
        string endpoint, JsonRpcConnectionOptions options, ILogger log, JsonRpcConnection.Handler? handler, CancellationToken cancellationToken)
    {
        var (host, port) = EndpointParser.Parse(endpoint);
        var client = new TcpClient(host.Contains(':', StringComparison.Ordinal) ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork) { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        var connection = new JsonRpcConnection(client.GetStream(), options, log, endpoint) { RequestHandler = handler };
        connection.Closed += (_, _) => client.Dispose();
        connection.Start();
        return connection;
    }
}
