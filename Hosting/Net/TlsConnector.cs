using System.Net.Sockets;
using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Hosting.Logging;
using SimpleRpc.Net;
using SimpleRpc.Rpc;

namespace SimpleRpc.Hosting.Net;

/// <summary>
/// The programs' outgoing connection: Shared's <see cref="TcpConnector"/>, in TLS when the conf's
/// <see cref="TlsOptions"/> turn it on, with the connection logging through the program's Serilog.
/// </summary>
public static class TlsConnector
{
    /// <summary>
    /// Connects to <paramref name="endpoint"/> (host:port) with Nagle off; when
    /// <paramref name="tls"/> is enabled, authenticates the server over TLS before the first message.
    /// </summary>
    /// <exception cref="TlsHandshakeException">TLS is enabled and the server's certificate was refused (the message names the reason), the server does not speak TLS, or the trust file cannot be read.</exception>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    public static Task<JsonRpcConnection> ConnectAsync(
        string endpoint, JsonRpcConnectionOptions options, TlsOptions? tls, Serilog.ILogger log, JsonRpcConnection.Handler? handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        TcpConnector.StreamWrapper? wrap = tls is { Enabled: true }
            ? async (stream, host, token) =>
            {
                var ssl = await TlsClientAuthenticator.AuthenticateAsync(stream, host, endpoint, tls, token).ConfigureAwait(false);
                log.Information("TLS to {Endpoint}: {Protocol}, server certificate {Subject}", endpoint, ssl.SslProtocol, ssl.RemoteCertificate?.Subject);
                return ssl;
            }
            : null;
        return TcpConnector.ConnectAsync(endpoint, options, wrap, log.ForExtensions<JsonRpcConnection>(), handler, cancellationToken);
    }
}
