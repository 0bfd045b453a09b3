using System.Net.Sockets;
using Serilog;
using SimpleRpc.Configuration;
using SimpleRpc.Rpc;

namespace SimpleRpc.Net;

/// <summary>Opens a TCP connection (optionally TLS) and wraps it in a started <see cref="JsonRpcConnection"/>.</summary>
public static class TcpConnector
{
    /// <summary>Connects to <paramref name="endpoint"/> (host:port) with Nagle off, in plain TCP.</summary>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    public static Task<JsonRpcConnection> ConnectAsync(
        string endpoint, JsonRpcConnectionOptions options, ILogger log, JsonRpcConnection.Handler? handler, CancellationToken cancellationToken) =>
        ConnectAsync(endpoint, options, null, log, handler, cancellationToken);

    /// <summary>
    /// Connects to <paramref name="endpoint"/> (host:port) with Nagle off; when
    /// <paramref name="tls"/> is enabled, authenticates the server over TLS before the first message.
    /// </summary>
    /// <exception cref="TlsHandshakeException">TLS is enabled and the server's certificate was refused (the message names the reason), the server does not speak TLS, or the trust file cannot be read.</exception>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    public static async Task<JsonRpcConnection> ConnectAsync(
        string endpoint, JsonRpcConnectionOptions options, TlsOptions? tls, ILogger log, JsonRpcConnection.Handler? handler, CancellationToken cancellationToken)
    {
        var (host, port) = EndpointParser.Parse(endpoint);
        var client = new TcpClient(host.Contains(':', StringComparison.Ordinal) ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork) { NoDelay = true };
        Stream stream;
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            stream = client.GetStream();
            if (tls is { Enabled: true })
            {
                var ssl = await TlsClientAuthenticator.AuthenticateAsync(stream, host, endpoint, tls, cancellationToken).ConfigureAwait(false);
                log.Information("TLS to {Endpoint}: {Protocol}, server certificate {Subject}", endpoint, ssl.SslProtocol, ssl.RemoteCertificate?.Subject);
                stream = ssl;
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
