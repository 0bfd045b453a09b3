using System.Net;
using System.Net.Sockets;
using Serilog;
using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Hosting.Logging;
using SimpleRpc.Rpc;

namespace SimpleRpc.Hosting.Net;

/// <summary>
/// Accepts TCP connections (optionally TLS) and hands each one, wrapped in a
/// <see cref="JsonRpcConnection"/>, to <see cref="Accepted"/>. Knows nothing about sessions or
/// modules; the server and the stub both use it.
/// </summary>
public sealed class TcpAcceptor : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly JsonRpcConnectionOptions _options;
    private readonly ILogger _log;
    private readonly Microsoft.Extensions.Logging.ILogger _connectionLog;
    private readonly TlsServerAuthenticator? _tls;
    private readonly TimeSpan _handshakeTimeout;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _handshakes = [];
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    /// <summary>Creates a plain-TCP acceptor for <paramref name="host"/>:<paramref name="port"/> (0 = OS-chosen).</summary>
    public TcpAcceptor(string host, int port, JsonRpcConnectionOptions options, ILogger log)
        : this(host, port, options, log, null, TimeSpan.Zero)
    {
    }

    /// <summary>
    /// Creates an acceptor for <paramref name="host"/>:<paramref name="port"/> (0 = OS-chosen).
    /// With <paramref name="tls"/> set, every connection must finish a TLS handshake within
    /// <paramref name="handshakeTimeout"/> before it is handed on; one that does not is logged
    /// (Warning, with the peer's address) and closed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="tls"/> names no certificate, or one that cannot be loaded or has no private key.</exception>
    public TcpAcceptor(string host, int port, JsonRpcConnectionOptions options, ILogger log, TlsOptions? tls, TimeSpan handshakeTimeout)
    {
        _tls = tls is null ? null : new TlsServerAuthenticator(tls);
        _handshakeTimeout = handshakeTimeout > TimeSpan.Zero ? handshakeTimeout : TimeSpan.FromSeconds(10);
        _listener = new TcpListener(IPAddress.Parse(host), port);
        _options = options;
        _log = log;
        _connectionLog = log.ForExtensions<JsonRpcConnection>();
        if (_tls is { Certificate: var certificate } && certificate.NotAfter < DateTime.Now)
        {
            _log.Warning("The TLS certificate {Subject} expired on {NotAfter:u}; stubs will refuse it", certificate.Subject, certificate.NotAfter.ToUniversalTime());
        }
    }

    /// <summary>Called for each new connection before its read loop starts; set its handler here.</summary>
    /// <remarks>With TLS it runs after the handshake, on a thread pool thread; connections may then be handed on concurrently.</remarks>
    public Action<JsonRpcConnection>? Accepted { get; set; }

    /// <summary>The bound endpoint (valid after <see cref="Start"/>).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>True when connections must speak TLS.</summary>
    public bool IsTls => _tls is not null;

    /// <summary>Binds and starts accepting.</summary>
    /// <exception cref="SocketException">The address is in use or not available.</exception>
    public void Start()
    {
        _listener.Start(backlog: 512);
        if (_tls is { Certificate: var certificate })
        {
            _log.Information("Connections must use TLS: certificate {Subject}, valid until {NotAfter:u}, handshake within {Seconds} s", certificate.Subject, certificate.NotAfter.ToUniversalTime(), _handshakeTimeout.TotalSeconds);
        }

        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException ex)
            {
                _log.Warning("Accept failed: {Reason}", ex.Message);
                continue;
            }

            socket.NoDelay = true;
            var peer = socket.RemoteEndPoint?.ToString() ?? "?";
            var stream = new NetworkStream(socket, ownsSocket: true);
            if (_tls is null)
            {
                HandOn(stream, peer);
                continue;
            }

            // The handshake runs off the loop, so a slow or silent client cannot hold up the
            // others (TcpAcceptorTlsTests.Handshake_SilentClient_DoesNotBlockOthersAndTimesOut).
            lock (_handshakes)
            {
                var handshake = HandshakeThenHandOnAsync(_tls, stream, peer);
                if (!handshake.IsCompleted)
                {
                    _handshakes.Add(handshake);
                    _ = handshake.ContinueWith(Forget, TaskScheduler.Default);
                }
            }
        }
    }

    private void Forget(Task handshake)
    {
        lock (_handshakes)
        {
            _handshakes.Remove(handshake);
        }
    }

    private async Task HandshakeThenHandOnAsync(TlsServerAuthenticator tls, NetworkStream stream, string peer)
    {
        await Task.Yield();
        Stream secured;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_handshakeTimeout);
            secured = await tls.AuthenticateAsync(stream, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (!_stopping.IsCancellationRequested)
            {
                var reason = ex is OperationCanceledException ? $"no handshake within {_handshakeTimeout.TotalSeconds:0.#} s" : ex.Message;
                _log.Warning("TLS handshake with {Peer} failed, connection closed: {Reason}", peer, reason);
            }

            return;
        }

        HandOn(secured, peer);
    }

    private void HandOn(Stream stream, string peer)
    {
        var connection = new JsonRpcConnection(stream, _options, _connectionLog, peer);
        try
        {
            Accepted?.Invoke(connection);
            connection.Start();
        }
        catch (Exception ex)
        {
            _log.Error(ex, "Setting up the connection from {Peer} failed", connection.DisplayName);
            connection.Close(ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // A graceful stop disposes the acceptor first, then the host that owns it disposes it again.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        Task[] handshakes;
        lock (_handshakes)
        {
            handshakes = [.. _handshakes];
        }

        // Handshakes end promptly once _stopping is cancelled; they never throw.
        await Task.WhenAll(handshakes).ConfigureAwait(false);
        _stopping.Dispose();
        _tls?.Dispose();
    }
}
