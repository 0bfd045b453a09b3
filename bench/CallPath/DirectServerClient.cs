using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SimpleRpc.Client;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;

namespace SimpleRpc.Bench.CallPath;

/// <summary>
/// A connection straight to the server that says hello (the server takes calls only after one)
/// and then calls exactly as <see cref="RpcClient.InvokeAsync{T}(RpcMethod, object?[], CancellationToken)"/>
/// does: same message, same deadline handling, same <see cref="JsonRpcConnection"/>. So the gap
/// between the stub path and this one is the stub and its extra loopback hop.
/// </summary>
internal sealed class DirectServerClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LocalDeadlineGrace = TimeSpan.FromSeconds(2);
    private readonly JsonRpcConnection _connection;

    private DirectServerClient(JsonRpcConnection connection) => _connection = connection;

    public static async Task<DirectServerClient> ConnectAsync(string endpoint, string name, string key)
    {
        var socket = await RawTcp.ConnectAsync(IPEndPoint.Parse(endpoint)).ConfigureAwait(false);
        var connection = new JsonRpcConnection(new NetworkStream(socket, ownsSocket: true), new JsonRpcConnectionOptions(), NullLogger.Instance, endpoint);
        connection.Start();
        var hello = await connection.SendRequestAsync(Methods.Hello, RpcJson.Serialize(new HelloRequest(name, 1, key)), CancellationToken.None).ConfigureAwait(false);
        if (hello.Error is { } error)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The server refused the hello: {error.Message}");
        }

        return new DirectServerClient(connection);
    }

    // The body of RpcClient.InvokeAsync<T>, minus the connect-on-first-use lookup.
    public async Task<T> InvokeAsync<T>(RpcMethod method, object?[] args, CancellationToken cancellationToken)
    {
        var request = new JsonRpcMessage
        {
            Method = method.WireName,
            ParamsJson = RpcJson.Serialize(args),
            ModuleVersion = method.ModuleVersion > 0 ? method.ModuleVersion : null,
            TimeoutMs = (int)Timeout.TotalMilliseconds,
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout + LocalDeadlineGrace);
        var reply = await _connection.SendRequestAsync(request, deadline.Token).ConfigureAwait(false);
        if (reply.Error is { } error)
        {
            throw RemoteExceptions.ToException(error);
        }

        return RpcJson.Deserialize<T>(reply.ResultJson ?? "null")!;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
