using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SimpleRpc.Rpc;

namespace SimpleRpc.Net;

/// <summary>Opens a TCP connection and wraps it in a started <see cref="JsonRpcConnection"/>.</summary>
public static class TcpConnector
{
    /// <summary>
    /// Wraps the connected stream before the first message, for example in TLS; gets the stream
    /// and the host name that was dialled, returns the stream to speak over.
    /// </summary>
    public delegate Task<Stream> StreamWrapper(Stream stream, string host, CancellationToken cancellationToken);

    /// <summary>Connects to <paramref name="endpoint"/> (host:port) with Nagle off, in plain TCP.</summary>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    /// <exception cref="FormatException">The endpoint is not host:port.</exception>
    public static Task<JsonRpcConnection> ConnectAsync(
        string endpoint, JsonRpcConnectionOptions options, ILogger log, JsonRpcConnection.Handler? handler, CancellationToken cancellationToken) =>
        ConnectAsync(endpoint, options, null, log, handler, cancellationToken);

    /// <summary>
    /// Connects to <paramref name="endpoint"/> (host:port) with Nagle off; <paramref name="wrap"/>,
    /// when given, replaces the socket's stream before the first message (the programs' TLS).
    /// </summary>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    /// <exception cref="FormatException">The endpoint is not host:port.</exception>
    /// <remarks>Whatever <paramref name="wrap"/> throws is thrown here, after the socket is closed.</remarks>
    public static async Task<JsonRpcConnection> ConnectAsync(
        string endpoint, JsonRpcConnectionOptions options, StreamWrapper? wrap, ILogger log, JsonRpcConnection.Handler? handler, CancellationToken cancellationToken)
    {
        var (host, port) = EndpointParser.Parse(endpoint);
        var client = new TcpClient(host.Contains(':', StringComparison.Ordinal) ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork) { NoDelay = true };
        Stream stream;
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            stream = client.GetStream();
            if (wrap is not null)
            {
                stream = await wrap(stream, host, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        var connection = new JsonRpcConnection(stream, options, log, endpoint) { RequestHandler = handler };
        connection.Closed += (_, _) => client.Dispose();
        connection.Start();
        return connection;
    }
}
