using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;

namespace SimpleRpc.Server.Sessions;

/// <summary>One connected stub: its connection and, after hello, its name.</summary>
public sealed class ClientSession
{
    private static long _lastId;

    /// <summary>Creates a session for a connection that has not said hello yet.</summary>
    public ClientSession(JsonRpcConnection connection)
    {
        Connection = connection;
        SessionId = "s" + Interlocked.Increment(ref _lastId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Address = connection.DisplayName;
        ConnectedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>The JSON-RPC connection to the stub.</summary>
    public JsonRpcConnection Connection { get; }

    /// <summary>A server-chosen id, unique for the process's lifetime.</summary>
    public string SessionId { get; }

    /// <summary>The peer's address.</summary>
    public string Address { get; }

    /// <summary>When the connection was accepted.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>The client's name; null until the hello succeeded.</summary>
    public string? Name { get; set; }

    /// <summary>The session as the <c>clients</c> list shows it.</summary>
    public ClientInfo ToInfo() => new(Name ?? "(hello pending)", SessionId, Address, ConnectedAt);
}
