using Serilog;
using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Hosting.Net;
using SimpleRpc.Rpc;

namespace SimpleRpc.Hosting.Tests.Net;

/// <summary>A <see cref="TcpAcceptor"/> on an OS-chosen loopback port whose connections answer every request with "echo &lt;method&gt;".</summary>
internal sealed class TlsEchoServer : IAsyncDisposable
{
    private readonly TcpAcceptor _acceptor;

    public TlsEchoServer(TlsOptions? tls, TimeSpan handshakeTimeout)
    {
        Log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(Sink).CreateLogger();
        _acceptor = new TcpAcceptor("127.0.0.1", 0, new JsonRpcConnectionOptions(), Log, tls, handshakeTimeout)
        {
            Accepted = connection => connection.RequestHandler = (c, message) =>
            {
                c.Reply(message.Id, "echo " + message.Method);
                return ValueTask.CompletedTask;
            },
        };
        _acceptor.Start();
    }

    public CollectingSink Sink { get; } = new();

    public ILogger Log { get; }

    public string Endpoint => _acceptor.LocalEndpoint.ToString();

    public static TlsEchoServer Start(TestCertificate certificate, TimeSpan? handshakeTimeout = null) =>
        new(new TlsOptions { CertificatePath = certificate.PfxPath, CertificatePassword = certificate.Password }, handshakeTimeout ?? TimeSpan.FromSeconds(10));

    /// <summary>Connects with <paramref name="tls"/>, calls "ping" and returns the reply.</summary>
    public async Task<string?> PingAsync(TlsOptions? tls, CancellationToken cancellationToken, string? endpoint = null)
    {
        await using var client = await TlsConnector.ConnectAsync(endpoint ?? Endpoint, new JsonRpcConnectionOptions(), tls, Serilog.Core.Logger.None, null, cancellationToken);
        return await client.InvokeAsync<string>("ping", null, cancellationToken);
    }

    public async ValueTask DisposeAsync() => await _acceptor.DisposeAsync();
}
