using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SimpleRpc.Client;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Bench.CallPath;

/// <summary>
/// The least a JSON-RPC client can do: writes a request line built by hand, reads reply lines,
/// finds <c>id</c> and <c>result</c> with <see cref="Utf8JsonReader"/>, and completes the call
/// inline on the read loop. Against the same endpoint as <see cref="RpcClient"/> it shows what
/// the app-side runtime costs; what is left is the stub and the server. Calls <c>z.Add</c> (an int
/// result) or <c>z.Reverse</c> (a string result); with <see cref="MinimalDialect.StreamJsonRpc"/> it
/// calls StreamJsonRpc's <c>Add</c> and <c>Reverse</c> the same way, so both stacks are driven by one client.
/// </summary>
internal sealed class MinimalJsonRpcClient : IDisposable
{
    private readonly Socket _socket;
    private readonly Lock _sendGate = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<int>> _pending = new();

    // Reverse's calls wait apart, so Add's replies need no boxing of their int result.
    private readonly ConcurrentDictionary<long, TaskCompletionSource<string?>> _pendingText = new();
    private readonly MinimalDialect _dialect;
    private long _nextId;

    private MinimalJsonRpcClient(Socket socket, MinimalDialect dialect)
    {
        _socket = socket;
        _dialect = dialect;
        _ = ReadLoopAsync();
    }

    public static async Task<MinimalJsonRpcClient> ConnectAsync(string endpoint, string? helloName, string key, MinimalDialect dialect = MinimalDialect.SimpleRpc)
    {
        var client = new MinimalJsonRpcClient(await RawTcp.ConnectAsync(IPEndPoint.Parse(endpoint)).ConfigureAwait(false), dialect);
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
        SendLine(_dialect == MinimalDialect.SimpleRpc
            ? string.Create(CultureInfo.InvariantCulture, $$"""{"jsonrpc":"2.0","id":{{id}},"method":"z.Add(int,int)","params":[{{a}},{{b}}],"moduleVersion":1}""")
            : string.Create(CultureInfo.InvariantCulture, $$"""{"jsonrpc":"2.0","id":{{id}},"method":"Add","params":[{{a}},{{b}}]}"""));
        Check.Sum(a, b, await reply.Task.ConfigureAwait(false));
    }

    /// <summary>Calls <c>z.Reverse(string)</c> with <see cref="EchoText.Make"/>'s text (JSON-safe: no escaping needed) and checks the answer.</summary>
    public async Task ReverseAsync(int a, int b)
    {
        var text = EchoText.Make(a, b);
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<string?>();
        _pendingText[id] = reply;
        SendLine(_dialect == MinimalDialect.SimpleRpc
            ? string.Create(CultureInfo.InvariantCulture, $$"""{"jsonrpc":"2.0","id":{{id}},"method":"z.Reverse(string)","params":["{{text}}"],"moduleVersion":1}""")
            : string.Create(CultureInfo.InvariantCulture, $$"""{"jsonrpc":"2.0","id":{{id}},"method":"Reverse","params":["{{text}}"]}"""));
        Check.Reversed(text, await reply.Task.ConfigureAwait(false));
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

        foreach (var id in _pendingText.Keys)
        {
            if (_pendingText.TryRemove(id, out var reply))
            {
                reply.TrySetException(failure);
            }
        }
    }

    // Replies carry a numeric id and either an int result (z.Add), a string result (z.Reverse),
    // any result (hello), or an error.
    private void OnLine(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        long? id = null;
        var result = 0;
        string? text = null;
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
                else if (reader.TokenType == JsonTokenType.String)
                {
                    text = reader.GetString();
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

        if (id is not { } key)
        {
            return;
        }

        if (_pending.TryRemove(key, out var reply))
        {
            _ = error is null ? reply.TrySetResult(result) : reply.TrySetException(Failed(error));
        }
        else if (_pendingText.TryRemove(key, out var textReply))
        {
            _ = error is null ? textReply.TrySetResult(text) : textReply.TrySetException(Failed(error));
        }
    }

    private static RpcException Failed(string errorLine) => new(RpcErrorCodes.InternalError, "The call failed: " + errorLine);

    public void Dispose() => _socket.Dispose();
}
