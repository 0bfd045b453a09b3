using System.Collections.Concurrent;
using SimpleRpc.Protocol;
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

        // One registration for the session instead of a linked token source per call.
        connection.Closing.Register(static state => ((ClientSession)state!).CancelAllCalls(), this);
    }

    /// <summary>The JSON-RPC connection to the stub.</summary>
    public JsonRpcConnection Connection { get; }

    /// <summary>A server-chosen id, unique for the process's lifetime.</summary>
    public string SessionId { get; }

    /// <summary>The peer's address.</summary>
    public string Address { get; }

    /// <summary>When the connection was accepted.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>What the client's key allows; set by the hello.</summary>
    public ClientRole Role { get; set; } = ClientRole.Call;

    /// <summary>A fingerprint of the client's key (never the key), which names bind to.</summary>
    public string KeyFingerprint { get; set; } = string.Empty;

    /// <summary>The client's name; null until the hello succeeded.</summary>
    public string? Name { get; set; }

    // Every request of this session still running, by id: module calls with their cancellation,
    // the console's requests (hello, upload, unregister…) with none.
    private readonly ConcurrentDictionary<RpcId, RunningCall?> _calls = new();
    private int _running;
    private long _answered;

    /// <summary>Calls of this session that have not replied yet.</summary>
    public int RunningCalls => Volatile.Read(ref _running);

    /// <summary>Module calls of this session that have ended (answered, failed or cancelled) since it connected; only grows.</summary>
    public long CallsAnswered => Interlocked.Read(ref _answered);

    /// <summary>
    /// The proxies this stub holds, by module, as far as it said: the checksums its sync reported
    /// and the proxies it confirmed with <c>simplerpc/proxyWritten</c>. With <see cref="ProxiesSent"/>,
    /// the dashboard's current/behind/missing.
    /// </summary>
    public ConcurrentDictionary<string, HeldProxy> Proxies { get; } = new(StringComparer.Ordinal);

    /// <summary>The proxies the server handed to this stub's link (publish pushes and sync replies), by module.</summary>
    public ConcurrentDictionary<string, HeldProxy> ProxiesSent { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// True once the stub confirmed a written proxy: from then on a proxy sent to it counts as held
    /// only when confirmed. A client that never confirms (an older stub, a plain JSON-RPC client)
    /// is taken to hold what it was sent.
    /// </summary>
    public bool ConfirmsProxies { get; set; }

    /// <summary>The ids of this session's module calls running now (not its console requests), for the dashboard.</summary>
    public IReadOnlyList<RpcId> RunningCallIds() => [.. _calls.Where(c => c.Value is not null).Select(c => c.Key)];

    /// <summary>This session's module calls running now (not its console requests) with their ids, for the dashboard.</summary>
    public IReadOnlyList<(RpcId Id, RunningCall Call)> RunningCallsNow() =>
        [.. _calls.Where(c => c.Value is not null).Select(c => (c.Key, c.Value!))];

    /// <summary>
    /// Registers a running call so <c>$/cancelRequest</c> can find it; its token is also
    /// cancelled when the connection closes. Dispose the result when the call has replied.
    /// </summary>
    /// <param name="id">The request's id.</param>
    /// <param name="limit">The most calls this session may run at once.</param>
    /// <param name="method">The method called, which the dashboard lists with the running call.</param>
    /// <exception cref="RpcException">
    /// The session already runs <paramref name="limit"/> calls (maxCallsPerConnection), or a call
    /// with the same id is still running (-32600: the second is never run).
    /// </exception>
    public CallRegistration BeginCall(RpcId id, int limit, string method)
    {
        var source = new RunningCall(method);
        Begin(id, limit, source);
        return new CallRegistration(this, id, source);
    }

    /// <summary>
    /// Registers <paramref name="call"/> as <see cref="BeginCall(RpcId, int, string)"/> does, for a
    /// call object that ends itself with <see cref="EndCall"/> (a stub's call, which is its own
    /// cancellation: no second object per call). On a refusal, <paramref name="call"/> is disposed.
    /// </summary>
    /// <exception cref="RpcException">As for <see cref="BeginCall(RpcId, int, string)"/>.</exception>
    internal void Begin(RpcId id, int limit, RunningCall call)
    {
        if (Interlocked.Increment(ref _running) > limit)
        {
            Interlocked.Decrement(ref _running);
            call.Dispose();
            throw new RpcException(RpcErrorCodes.LimitExceeded, $"This connection already has {limit} calls running, the limit (maxCallsPerConnection); wait for replies before sending more.");
        }

        if (!_calls.TryAdd(id, call))
        {
            // Two replies with one id could not be told apart, and a cancel would hit the wrong call.
            Interlocked.Decrement(ref _running);
            call.Dispose();
            throw RpcException.DuplicateRequestId(id);
        }

        if (Connection.IsClosed)
        {
            // Closed before the call was listed: CancelAllCalls may have missed it.
            call.Cancel();
        }
    }

    /// <summary>The call registered under <paramref name="id"/> replied: its id is free again, and it is disposed.</summary>
    internal void EndCall(RpcId id, RunningCall call)
    {
        _calls.TryRemove(new KeyValuePair<RpcId, RunningCall?>(id, call));
        Interlocked.Decrement(ref _running);
        Interlocked.Increment(ref _answered);
        call.Dispose();
    }

    /// <summary>
    /// Holds <paramref name="id"/> for a request that is not a module call until the result is
    /// disposed, so a second request under the same id is refused meanwhile.
    /// </summary>
    /// <exception cref="RpcException">A request with the same id is still running (-32600).</exception>
    public IdClaim ClaimId(RpcId id) =>
        _calls.TryAdd(id, null) ? new IdClaim(this, id) : throw RpcException.DuplicateRequestId(id);

    /// <summary>Cancels every running call (the connection closed, or a graceful stop gave up on them).</summary>
    public void CancelAllCalls()
    {
        foreach (var id in _calls.Keys)
        {
            Cancel(id);
        }
    }

    /// <summary>Cancels the running call with <paramref name="id"/>, if there is one.</summary>
    public void Cancel(RpcId id)
    {
        if (_calls.TryGetValue(id, out var source) && source is not null)
        {
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The call replied in the meantime.
            }
        }
    }

    /// <summary>The session as the <c>clients</c> list shows it.</summary>
    public ClientInfo ToInfo() => new(Name ?? "(hello pending)", SessionId, Address, ConnectedAt);

    /// <summary>A request's id held by <see cref="ClaimId"/>; free again when disposed. The default holds nothing.</summary>
    public readonly struct IdClaim(ClientSession? session, RpcId id) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() => session?._calls.TryRemove(new KeyValuePair<RpcId, RunningCall?>(id, null));
    }

    /// <summary>A running call's cancellation, removed from the session when disposed.</summary>
    public readonly struct CallRegistration(ClientSession session, RpcId id, RunningCall source) : IDisposable
    {
        /// <summary>Cancelled by <c>$/cancelRequest</c> or when the connection closes.</summary>
        public CancellationToken Token => source.Token;

        /// <inheritdoc/>
        public void Dispose() => session.EndCall(id, source);
    }
}
