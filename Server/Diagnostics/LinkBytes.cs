using SimpleRpc.Rpc;

namespace SimpleRpc.Server.Diagnostics;

/// <summary>
/// Bytes on the stub links since the server started: the open connections' own counts plus what
/// the closed ones had, so the totals never go down (a Prometheus counter must not).
/// </summary>
/// <remarks>Thread-safe; the lock is taken when a connection opens or closes and when a scrape reads.</remarks>
internal sealed class LinkBytes
{
    private readonly Lock _gate = new();
    private readonly HashSet<JsonRpcConnection> _open = [];
    private long _closedReceived;
    private long _closedSent;

    /// <summary>Bytes received from stubs.</summary>
    public long Received
    {
        get
        {
            lock (_gate)
            {
                return _closedReceived + _open.Sum(c => c.BytesReceived);
            }
        }
    }

    /// <summary>Bytes sent to stubs.</summary>
    public long Sent
    {
        get
        {
            lock (_gate)
            {
                return _closedSent + _open.Sum(c => c.BytesSent);
            }
        }
    }

    /// <summary>Counts <paramref name="connection"/> from now on.</summary>
    public void Opened(JsonRpcConnection connection)
    {
        lock (_gate)
        {
            _open.Add(connection);
        }
    }

    /// <summary>Keeps what <paramref name="connection"/> moved; call once it is closed.</summary>
    public void Closed(JsonRpcConnection connection)
    {
        lock (_gate)
        {
            if (_open.Remove(connection))
            {
                _closedReceived += connection.BytesReceived;
                _closedSent += connection.BytesSent;
            }
        }
    }
}
