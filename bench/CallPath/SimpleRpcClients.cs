using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Serilog.Core;
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
        var connection = new JsonRpcConnection(new NetworkStream(socket, ownsSocket: true), new JsonRpcConnectionOptions(), Logger.None, endpoint);
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

/// <summary>
/// The least a JSON-RPC client can do: writes a request line built by hand, reads reply lines,
/// finds <c>id</c> and <c>result</c> with <see cref="Utf8JsonReader"/>, and completes the call
/// inline on the read loop. Against the same endpoint as <see cref="RpcClient"/> it shows what
/// the app-side runtime costs; what is left is the stub and the server.
/// </summary>
internal sealed class MinimalJsonRpcClient : IDisposable
{
    private readonly Socket _socket;
    private readonly Lock _sendGate = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<int>> _pending = new();
    private long _nextId;

    private MinimalJsonRpcClient(Socket socket)
    {
        _socket = socket;
        _ = ReadLoopAsync();
    }

    public static async Task<MinimalJsonRpcClient> ConnectAsync(string endpoint, string? helloName, string key)
    {
        var client = new MinimalJsonRpcClient(await RawTcp.ConnectAsync(IPEndPoint.Parse(endpoint)).ConfigureAwait(false));
        if (helloName is not null)
        {
            var id = Interlocked.Increment(ref client._nextId);
            var reply = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            client._pending[id] = reply;
            client.SendLine($$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"simplerpc/hello","params":{"name":"{{{helloName}}}","version":1,"key":"{{{key}}}"}}""");
            try
            {
                await reply.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        return client;
    }

    /// <summary>Calls <c>z.Add(int,int)</c> as a generated proxy names it.</summary>
    public async Task AddAsync(int a, int b)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<int>();
        _pending[id] = reply;
        SendLine(string.Create(CultureInfo.InvariantCulture, $$"""{"jsonrpc":"2.0","id":{{id}},"method":"z.Add(int,int)","params":[{{a}},{{b}}],"moduleVersion":1}"""));
        Check.Sum(a, b, await reply.Task.ConfigureAwait(false));
    }

    private void SendLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_sendGate)
        {
            var sent = 0;
            while (sent < bytes.Length)
            {
                sent += _socket.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var end = 0;
        Exception failure = new IOException("The connection closed.");
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                end += read;
                var start = 0;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, end - start)) >= 0)
                {
                    OnLine(buffer.AsSpan(start, newline - start));
                    start = newline + 1;
                }

                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or JsonException)
        {
            failure = ex;
        }

        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var reply))
            {
                reply.TrySetException(failure);
            }
        }
    }

    // Replies carry a numeric id and either an int result (z.Add) or any result (hello), or an error.
    private void OnLine(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        long? id = null;
        var result = 0;
        string? error = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : null;
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    result = reader.GetInt32();
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                error = Encoding.UTF8.GetString(line);
                reader.Read();
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (id is { } key && _pending.TryRemove(key, out var reply))
        {
            if (error is null)
            {
                reply.TrySetResult(result);
            }
            else
            {
                reply.TrySetException(new RpcException(RpcErrorCodes.InternalError, "The call failed: " + error));
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
