using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Integration.Tests.Support;

/// <summary>
/// A stand-in for the server on a loopback port: it answers a stub's hello and sync, answers
/// pings while <see cref="AnswerPings"/> is set, and never answers anything else, as a frozen
/// server (or one behind a black hole) would. Its connections stay open until it is disposed.
/// </summary>
public sealed class StandInServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<JObject> _received = Channel.CreateUnbounded<JObject>();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    public StandInServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Endpoint => ((IPEndPoint)_listener.LocalEndpoint).ToString();

    /// <summary>The callTimeoutSeconds its hello result names.</summary>
    public int CallTimeoutSeconds { get; init; } = 30;

    private volatile bool _answerPings = true;
    private volatile bool _answerHellos = true;

    /// <summary>Whether pings get an answer (a frozen server answers none).</summary>
    public bool AnswerPings { get => _answerPings; set => _answerPings = value; }

    /// <summary>Whether hellos get an answer.</summary>
    public bool AnswerHellos { get => _answerHellos; set => _answerHellos = value; }

    /// <summary>Waits for the next message whose method is <paramref name="method"/>, skipping others.</summary>
    public async Task<JObject> WaitForAsync(string method, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var message = await _received.Reader.ReadAsync(limit.Token);
            if ((string?)message["method"] == method)
            {
                return message;
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_clients)
                {
                    _clients.Add(client);
                }

                _ = ServeAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var message = JObject.Parse(line);
                _received.Writer.TryWrite(message);
                JToken? result = (string?)message["method"] switch
                {
                    "simplerpc/hello" when AnswerHellos => new JObject
                    {
                        ["name"] = message["params"]?["name"], ["sessionId"] = "s1", ["serverVersion"] = 1, ["role"] = 2,
                        ["idleTimeoutSeconds"] = 0, ["callTimeoutSeconds"] = CallTimeoutSeconds, ["maxCallTimeoutSeconds"] = 300,
                    },
                    "simplerpc/sync" => new JObject { ["updates"] = new JArray(), ["removed"] = new JArray() },
                    "simplerpc/ping" when AnswerPings => true,
                    _ => null,
                };
                if (result is not null && message["id"] is { } id)
                {
                    var reply = new JObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result }.ToString(Formatting.None) + "\n";
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(reply), _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }
}
