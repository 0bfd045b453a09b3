using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Integration.Tests.Support;

/// <summary>A JSON-RPC peer that is not SimpleRpc's code: a socket, lines of JSON, nothing else.</summary>
public sealed class RawPeer : IDisposable
{
    private readonly TcpClient _client;
    private readonly StreamReader _reader;

    private RawPeer(TcpClient client)
    {
        _client = client;
        _reader = new StreamReader(client.GetStream(), Encoding.UTF8);
    }

    public static async Task<RawPeer> ConnectAsync(string endpoint, CancellationToken cancellationToken)
    {
        var colon = endpoint.LastIndexOf(':');
        var client = new TcpClient();
        await client.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        return new RawPeer(client);
    }

    public async Task SendAsync(string line, CancellationToken cancellationToken) =>
        await _client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);

    /// <summary>Reads lines until the reply with <paramref name="id"/> (notifications in between are skipped).</summary>
    public async Task<JObject> ReceiveAsync(long id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken)
                ?? throw new EndOfStreamException("The peer closed the connection.");
            var message = JObject.Parse(line);
            if (message["id"] is { Type: JTokenType.Integer } got && (long)got == id)
            {
                return message;
            }
        }
    }

    /// <summary>Reads lines until a notification of <paramref name="method"/> (other messages are skipped).</summary>
    public async Task<JObject> ReceiveNotificationAsync(string method, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken)
                ?? throw new EndOfStreamException("The peer closed the connection.");
            var message = JObject.Parse(line);
            if (message["id"] is null && (string?)message["method"] == method)
            {
                return message;
            }
        }
    }

    // The replies to several requests, in whatever order they come; other messages are skipped.
    public async Task<IReadOnlyDictionary<long, JObject>> ReceiveEachAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var replies = new Dictionary<long, JObject>();
        while (replies.Count < ids.Count)
        {
            var line = await _reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken)
                ?? throw new EndOfStreamException("The peer closed the connection.");
            var message = JObject.Parse(line);
            if (message["id"] is { Type: JTokenType.Integer } got && ids.Contains((long)got))
            {
                replies[(long)got] = message;
            }
        }

        return replies;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _client.Dispose();
    }
}
