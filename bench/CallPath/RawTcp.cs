using System.Net;
using System.Net.Sockets;

namespace SimpleRpc.Bench.CallPath;

/// <summary>
/// A loopback listener on an OS-chosen port whose connections are served by a handler; disposing
/// it closes the listener and every connection it accepted.
/// </summary>
internal sealed class LoopbackListener : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Func<Socket, CancellationToken, Task> _serve;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _accepted = [];
    private readonly Task _acceptLoop;

    public LoopbackListener(Func<Socket, CancellationToken, Task> serve)
    {
        _serve = serve;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        Endpoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint Endpoint { get; }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                socket.NoDelay = true;
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }

                _ = Task.Run(() => ServeAsync(socket));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            await _serve(socket, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        lock (_accepted)
        {
            foreach (var socket in _accepted)
            {
                socket.Dispose();
            }
        }

        await _acceptLoop.ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>The raw floors: an echo server and a byte relay, each a few lines of socket code.</summary>
internal static class RawTcp
{
    /// <summary>Sends back every byte it receives, as it receives it.</summary>
    public static LoopbackListener StartEchoServer() => new(static async (socket, stop) =>
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            await SendAllAsync(socket, buffer.AsMemory(0, read), stop).ConfigureAwait(false);
        }
    });

    /// <summary>Copies bytes both ways between each client and a new connection to <paramref name="target"/>.</summary>
    public static LoopbackListener StartRelay(IPEndPoint target) => new(async (client, stop) =>
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await upstream.ConnectAsync(target, stop).ConfigureAwait(false);
        var up = PumpAsync(client, upstream, stop);
        var down = PumpAsync(upstream, client, stop);
        await Task.WhenAny(up, down).ConfigureAwait(false);
    });

    public static async Task<Socket> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false);
            if (read == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            await SendAllAsync(to, buffer.AsMemory(0, read), stop).ConfigureAwait(false);
        }
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken stop)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, stop).ConfigureAwait(false);
            data = data[sent..];
        }
    }
}

/// <summary>
/// The floor's client: writes a fixed line (100 bytes with its newline) and completes the oldest
/// waiting call for each newline that comes back. Continuations run inline on the read loop,
/// so there is no thread hop that the transport does not force.
/// </summary>
internal sealed class RawEchoClient : IDisposable
{
    private readonly Socket _socket;
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _pending = new();
    private readonly byte[] _line;

    private RawEchoClient(Socket socket, int lineBytes)
    {
        _socket = socket;
        _line = new byte[lineBytes];
        _line.AsSpan().Fill((byte)'x');
        _line[^1] = (byte)'\n';
        _ = ReadLoopAsync();
    }

    public static async Task<RawEchoClient> ConnectAsync(IPEndPoint endpoint, int lineBytes) =>
        new(await RawTcp.ConnectAsync(endpoint).ConfigureAwait(false), lineBytes);

    public Task CallAsync()
    {
        var reply = new TaskCompletionSource();
        lock (_gate)
        {
            _pending.Enqueue(reply);

            // One small blocking send under the lock keeps lines whole and in the queue's order.
            var sent = 0;
            while (sent < _line.Length)
            {
                sent += _socket.Send(_line, sent, _line.Length - sent, SocketFlags.None);
            }
        }

        return reply.Task;
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        Exception failure = new IOException("The echo connection closed.");
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var lines = buffer.AsSpan(0, read).Count((byte)'\n');
                for (var i = 0; i < lines; i++)
                {
                    TaskCompletionSource reply;
                    lock (_gate)
                    {
                        reply = _pending.Dequeue();
                    }

                    reply.TrySetResult();
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            failure = ex;
        }

        lock (_gate)
        {
            while (_pending.TryDequeue(out var reply))
            {
                reply.TrySetException(failure);
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
