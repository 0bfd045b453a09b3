using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Integration.Tests.Support;

/// <summary>
/// An app connection to a stub that keeps a fixed number of <c>z.Add(id, Offset)</c> calls in
/// flight, each with a unique id and so a unique expected result, and counts every reply: right,
/// wrong (crossed), unknown or repeated ids, and errors by code. After an error it sends nothing
/// more until <see cref="ResumeAfterError"/> completes (the stub is switching nodes).
/// </summary>
public sealed class LoadConnection : IAsyncDisposable
{
    public const long Offset = 1_000_000;
    private static long s_nextId;
    private readonly TcpClient _client;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<long, byte> _pending = new();
    private readonly ConcurrentDictionary<long, byte> _answered = new();
    private long _ok;
    private volatile bool _errored;

    private LoadConnection(TcpClient client, int inFlight)
    {
        _client = client;
        _slots = new SemaphoreSlim(inFlight, inFlight);
    }

    public long Ok => Interlocked.Read(ref _ok);

    public int Pending => _pending.Count;

    /// <summary>Replies whose result was not the one their request asked for, or whose id was unknown or answered before.</summary>
    public ConcurrentQueue<string> Wrong { get; } = new();

    /// <summary>Error replies, by code.</summary>
    public ConcurrentDictionary<int, int> Errors { get; } = new();

    public static async Task<LoadConnection> ConnectAsync(string endpoint, int inFlight, CancellationToken cancellationToken)
    {
        var colon = endpoint.LastIndexOf(':');
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        return new LoadConnection(client, inFlight);
    }

    /// <summary>What the connection waits for before it sends again after an error (by default nothing).</summary>
    public Task ResumeAfterError { get; set; } = Task.CompletedTask;

    /// <summary>Sends calls until <paramref name="stop"/>, then waits (up to <paramref name="drain"/>) for every reply.</summary>
    public async Task RunAsync(CancellationToken stop, TimeSpan drain)
    {
        var stream = _client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        var reading = Task.Run(() => ReadAsync(reader));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (_errored)
                {
                    await ResumeAfterError.WaitAsync(stop);
                    _errored = false;
                }

                await _slots.WaitAsync(stop);
                var id = Interlocked.Increment(ref s_nextId);
                _pending[id] = 0;
                var line = $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"z.Add\",\"params\":[{id},{Offset}]}}\n";
                await stream.WriteAsync(Encoding.UTF8.GetBytes(line), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        var deadline = DateTime.UtcNow + drain;
        while (!_pending.IsEmpty && DateTime.UtcNow < deadline && !reading.IsCompleted)
        {
            await Task.WhenAny(reading, Task.Delay(50));
        }

        _client.Client.Shutdown(SocketShutdown.Send);
        await reading.WaitAsync(drain).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ReadAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            var message = JObject.Parse(line);
            if (message["id"] is not { Type: JTokenType.Integer } idToken)
            {
                continue;
            }

            var id = (long)idToken;
            if (!_pending.TryRemove(id, out _) || !_answered.TryAdd(id, 0))
            {
                Wrong.Enqueue("unknown or repeated id " + id);
                continue;
            }

            if (message["error"] is JObject error)
            {
                Errors.AddOrUpdate((int)error["code"]!, 1, (_, n) => n + 1);
                _errored = true;
            }
            else if ((long?)message["result"] != id + Offset)
            {
                Wrong.Enqueue($"id {id} got {message["result"]}");
            }
            else
            {
                Interlocked.Increment(ref _ok);
            }

            _slots.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _slots.Dispose();
        return ValueTask.CompletedTask;
    }
}
