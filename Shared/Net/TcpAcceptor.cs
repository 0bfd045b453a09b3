using System.Net;
using System.Net.Sockets;
using Serilog;
using SimpleRpc.Rpc;

namespace SimpleRpc.Net;

/// <summary>
/// Accepts TCP connections and hands each one, wrapped in a <see cref="JsonRpcConnection"/>, to
/// <see cref="Accepted"/>. Knows nothing about sessions or modules; the server and the stub both use it.
/// </summary>
public sealed class TcpAcceptor : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly JsonRpcConnectionOptions _options;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private Task _acceptLoop = Task.CompletedTask;

    /// <summary>Creates an acceptor for <paramref name="host"/>:<paramref name="port"/> (0 = OS-chosen).</summary>
    public TcpAcceptor(string host, int port, JsonRpcConnectionOptions options, ILogger log)
    {
        _listener = new TcpListener(IPAddress.Parse(host), port);
        _options = options;
        _log = log;
    }

    /// <summary>Called for each new connection before its read loop starts; set its handler here.</summary>
    public Action<JsonRpcConnection>? Accepted { get; set; }

    /// <summary>The bound endpoint (valid after <see cref="Start"/>).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Binds and starts accepting.</summary>
    /// <exception cref="SocketException">The address is in use or not available.</exception>
    public void Start()
    {
        _listener.Start(backlog: 512);
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
            var connection = new JsonRpcConnection(new NetworkStream(socket, ownsSocket: true), _options, _log, socket.RemoteEndPoint?.ToString() ?? "?");
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
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
