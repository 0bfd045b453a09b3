using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Server.Tests.Support;

/// <summary>A JSON-RPC peer over a socket: one line per message, replies matched by id.</summary>
internal sealed class LineClient(TcpClient tcp) : IDisposable
{
    private readonly StreamReader _reader = new(tcp.GetStream(), Encoding.UTF8);
    private long _nextId;

    public static async Task<LineClient> ConnectAsync(System.Net.IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint, cancellationToken);
        return new LineClient(tcp);
    }

    public async Task<JObject> CallAsync(string method, string paramsJson, CancellationToken cancellationToken)
    {
        var id = ++_nextId;
        var line = $$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{paramsJson}}}""" + "\n";
        await tcp.GetStream().WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
        while (true)
        {
            var reply = await _reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException();
            var message = JObject.Parse(reply);
            if ((long?)message["id"] == id)
            {
                return message;
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        tcp.Dispose();
    }
}
