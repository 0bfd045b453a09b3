using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Tests.Support;

/// <summary>
/// A JSON-RPC peer that is not SimpleRpc's code: a socket that writes whatever bytes it is given
/// and reads lines of JSON back, as a hand-written client in another language would (or a hostile
/// one). Every read has a timeout (<see cref="ReadTimeout"/>); the end of the stream (or a reset)
/// reads as null. The one copy the test projects share.
/// </summary>
public sealed class JsonLinePeer : IDisposable
{
    /// <summary>How long a read waits for a line.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private long _nextId = 1000;

    private JsonLinePeer(TcpClient client)
    {
        _client = client;
        _reader = new StreamReader(client.GetStream(), new UTF8Encoding(false, throwOnInvalidBytes: true));
    }

    /// <summary>Connects to <paramref name="endpoint"/>, written <c>host:port</c>.</summary>
    public static Task<JsonLinePeer> ConnectAsync(string endpoint, CancellationToken cancellationToken) =>
        ConnectAsync(endpoint, new TcpClient(), cancellationToken);

    /// <summary>Connects to <paramref name="endpoint"/>.</summary>
    public static async Task<JsonLinePeer> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var client = new TcpClient();
        await client.ConnectAsync(endpoint, cancellationToken);
        return new JsonLinePeer(client);
    }

    /// <summary>Connects from <paramref name="localAddress"/> (127.0.0.2 is loopback too on Linux: another address to the server).</summary>
    public static Task<JsonLinePeer> ConnectFromAsync(IPAddress localAddress, string endpoint, CancellationToken cancellationToken) =>
        ConnectAsync(endpoint, new TcpClient(new IPEndPoint(localAddress, 0)), cancellationToken);

    /// <summary>Connects to a SimpleRpc server and says hello; asserts the hello succeeded.</summary>
    public static async Task<JsonLinePeer> HelloAsync(string serverEndpoint, string name, string key, CancellationToken cancellationToken)
    {
        var peer = await ConnectAsync(serverEndpoint, cancellationToken);
        var reply = await peer.CallAsync("simplerpc/hello", new JObject { ["name"] = name, ["version"] = 1, ["key"] = key }, cancellationToken);
        Assert.That(reply["result"]?["name"]?.ToString(), Is.EqualTo(name), reply.ToString(Formatting.None));
        return peer;
    }

    /// <summary>A request line: <paramref name="parameters"/> left out when null.</summary>
    public static string Request(JToken id, string method, JToken? parameters)
    {
        var message = new JObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return message.ToString(Formatting.None);
    }

    /// <summary>Writes <paramref name="line"/> and a newline.</summary>
    public Task SendAsync(string line, CancellationToken cancellationToken) => SendBytesAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);

    /// <summary>Writes the bytes as they are (no newline added).</summary>
    public async Task SendBytesAsync(byte[] bytes, CancellationToken cancellationToken) =>
        await _client.GetStream().WriteAsync(bytes, cancellationToken);

    /// <summary>Reads the next message of any kind; null when the peer closed (or reset) the connection.</summary>
    /// <exception cref="TimeoutException">Nothing arrived within <see cref="ReadTimeout"/>.</exception>
    public async Task<JObject?> ReadAsync(CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            line = await _reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(ReadTimeout, cancellationToken);
        }
        catch (IOException)
        {
            return null;
        }

        return line is null ? null : JObject.Parse(line);
    }

    /// <summary>Reads the next line as it came (a batch's reply is an array); null when the peer closed.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        await _reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(ReadTimeout, cancellationToken);

    /// <summary>Reads until a reply (a message without a method), skipping the peer's notifications.</summary>
    /// <exception cref="EndOfStreamException">The connection closed first.</exception>
    public async Task<JObject> NextReplyAsync(CancellationToken cancellationToken)
    {
        for (var skipped = 0; skipped < 1000; skipped++)
        {
            var message = await ReadAsync(cancellationToken) ?? throw new EndOfStreamException("The peer closed the connection.");
            if (message["method"] is null)
            {
                return message;
            }
        }

        throw new InvalidOperationException("1000 notifications and no reply.");
    }

    /// <summary>Reads until the reply with <paramref name="id"/>, skipping anything else.</summary>
    /// <exception cref="EndOfStreamException">The connection closed first.</exception>
    public async Task<JObject> ReplyToAsync(JToken id, CancellationToken cancellationToken)
    {
        for (var skipped = 0; skipped < 1000; skipped++)
        {
            var message = await NextReplyAsync(cancellationToken);
            if (JToken.DeepEquals(message["id"], id))
            {
                return message;
            }
        }

        throw new InvalidOperationException($"1000 replies and none for id {id}.");
    }

    /// <summary>The replies to several requests, by id, in whatever order they come; anything else is skipped.</summary>
    /// <exception cref="EndOfStreamException">The connection closed first.</exception>
    public async Task<IReadOnlyDictionary<long, JObject>> ReplyToEachAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var replies = new Dictionary<long, JObject>();
        while (replies.Count < ids.Count)
        {
            var message = await NextReplyAsync(cancellationToken);
            if (message["id"] is { Type: JTokenType.Integer } got && ids.Contains((long)got))
            {
                replies[(long)got] = message;
            }
        }

        return replies;
    }

    /// <summary>Sends a request with a fresh id and returns its reply.</summary>
    public async Task<JObject> CallAsync(string method, JToken? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        await SendAsync(Request(id, method, parameters), cancellationToken);
        return await ReplyToAsync(id, cancellationToken);
    }

    /// <summary>Sends a request with a fresh id and <paramref name="paramsJson"/> as its params, as written, and returns its reply.</summary>
    public async Task<JObject> CallRawAsync(string method, string paramsJson, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        await SendAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"jsonrpc":"2.0","id":{{id}},"method":{{JsonConvert.ToString(method)}},"params":{{paramsJson}}}"""), cancellationToken);
        return await ReplyToAsync(id, cancellationToken);
    }

    /// <summary>Asserts that the peer closes the connection without sending another reply.</summary>
    public async Task AssertClosedAsync(CancellationToken cancellationToken)
    {
        for (var skipped = 0; skipped < 1000; skipped++)
        {
            var message = await ReadAsync(cancellationToken);
            if (message is null)
            {
                return;
            }

            Assert.That(message["method"], Is.Not.Null, "nothing but notifications before the close: " + message.ToString(Formatting.None));
        }

        Assert.Fail("1000 notifications and the connection is still open.");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _reader.Dispose();
        _client.Dispose();
    }

    private static async Task<JsonLinePeer> ConnectAsync(string endpoint, TcpClient client, CancellationToken cancellationToken)
    {
        var colon = endpoint.LastIndexOf(':');
        await client.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture), cancellationToken);
        return new JsonLinePeer(client);
    }
}
