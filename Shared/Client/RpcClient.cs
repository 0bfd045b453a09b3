using Serilog;
using Serilog.Core;
using SimpleRpc.Net;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;

namespace SimpleRpc.Client;

/// <summary>
/// The app's connection to its local ClientStub. Connects on first use and again after the
/// connection is lost. Thread-safe.
/// </summary>
public sealed class RpcClient : IAsyncDisposable
{
    /// <summary>Environment variable naming the stub's endpoint for <see cref="Default"/>.</summary>
    public const string EndpointVariable = "SIMPLERPC_STUB";

    /// <summary>The endpoint used when nothing else is configured: the default stub conf's app port.</summary>
    public const string DefaultEndpoint = "127.0.0.1:5151";

    private static RpcClient? _default;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly ILogger _log;
    private JsonRpcConnection? _connection;

    /// <summary>Creates a client for the stub at <paramref name="endpoint"/> (host:port).</summary>
    public RpcClient(string endpoint, ILogger? log = null)
    {
        EndpointParser.Parse(endpoint);
        Endpoint = endpoint;
        _log = log ?? Logger.None;
    }

    /// <summary>The client that generated proxies use; see <see cref="ConfigureDefault"/>.</summary>
    public static RpcClient Default
    {
        get
        {
            var current = Volatile.Read(ref _default);
            if (current is not null)
            {
                return current;
            }

            var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
            var created = new RpcClient(string.IsNullOrWhiteSpace(endpoint) ? DefaultEndpoint : endpoint);
            return Interlocked.CompareExchange(ref _default, created, null) ?? created;
        }
    }

    /// <summary>The stub's endpoint.</summary>
    public string Endpoint { get; }

    /// <summary>Points <see cref="Default"/> at another stub; call before the first proxy call.</summary>
    public static void ConfigureDefault(string endpoint, ILogger? log = null) =>
        Interlocked.Exchange(ref _default, new RpcClient(endpoint, log));

    /// <summary>Calls <c>module.function</c> with positional <paramref name="args"/>.</summary>
    /// <exception cref="RemoteInvocationException">The module function threw.</exception>
    /// <exception cref="RpcException">The call failed for another reason (no such function, stub down, ...).</exception>
    public Task<T> InvokeAsync<T>(string module, string function, object?[] args, CancellationToken cancellationToken) =>
        InvokeAsync<T>(new RpcMethod(module, 0, function), args, cancellationToken);

    /// <summary>Calls the function described by <paramref name="method"/> with positional <paramref name="args"/>.</summary>
    /// <exception cref="RemoteInvocationException">The module function threw.</exception>
    /// <exception cref="RpcException">The call failed for another reason (no such function, stub down, ...).</exception>
    public async Task<T> InvokeAsync<T>(RpcMethod method, object?[] args, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        var reply = await connection.SendRequestAsync(method.WireName, RpcJson.Serialize(args), cancellationToken).ConfigureAwait(false);
        if (reply.Error is { } error)
        {
            throw RpcException.FromError(error);
        }

        return RpcJson.Deserialize<T>(reply.ResultJson ?? "null")!;
    }

    /// <summary>Sends any method with raw JSON params and returns the raw reply.</summary>
    public async Task<JsonRpcMessage> SendAsync(string method, string? paramsJson, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.SendRequestAsync(method, paramsJson, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<JsonRpcConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _connection);
        if (current is { IsClosed: false })
        {
            return current;
        }

        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = _connection;
            if (current is { IsClosed: false })
            {
                return current;
            }

            try
            {
                current = await TcpConnector.ConnectAsync(Endpoint, new JsonRpcConnectionOptions(), _log, null, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                throw new RpcException(RpcErrorCodes.ServerUnavailable, $"No SimpleRpc stub answers at {Endpoint}: {ex.Message}. Start a ClientStub or set {EndpointVariable}.");
            }

            Volatile.Write(ref _connection, current);
            return current;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connectGate.Dispose();
    }
}
