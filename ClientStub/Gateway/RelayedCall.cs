using System.Collections.Concurrent;
using System.Diagnostics;
using SimpleRpc.ClientStub.Diagnostics;
using SimpleRpc.Diagnostics;
using SimpleRpc.Hosting;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Gateway;

/// <summary>
/// An app's call relayed to the server under the stub's id: the server link ends it once, with
/// the server's reply (sent back to the app under the app's id, on the thread that read it) or,
/// when none came by the call's deadline, with a -32021 made here (the server is told to cancel).
/// One object per call: no task, delegate or closure.
/// </summary>
internal sealed class RelayedCall : PendingReply
{
    private readonly JsonRpcConnection _app;
    private readonly ConcurrentDictionary<RpcId, long> _calls;
    private readonly RpcId _appId;
    private readonly long _serverId;
    private readonly string _method;
    private readonly long _started;
    private readonly Activity? _activity;
    private readonly InFlightCalls _inFlight;

    /// <summary>A call the app sent as <paramref name="appId"/>, relayed as <paramref name="serverId"/>; the caller has entered <paramref name="inFlight"/> for it.</summary>
    public RelayedCall(JsonRpcConnection app, ConcurrentDictionary<RpcId, long> calls, RpcId appId, long serverId, string method, long started, Activity? activity, InFlightCalls inFlight, long deadlineTick)
    {
        _app = app;
        _calls = calls;
        _appId = appId;
        _serverId = serverId;
        _method = method;
        _started = started;
        _activity = activity;
        _inFlight = inFlight;
        DeadlineTick = deadlineTick;
    }

    /// <inheritdoc/>
    public override void Complete(JsonRpcMessage reply)
    {
        _calls.TryRemove(new KeyValuePair<RpcId, long>(_appId, _serverId));
        _app.Send(reply.ReplyAs(_appId));
        _inFlight.Exit();
        StubMetrics.CallEnded(_method, reply.Error, _started);
        RpcTracing.EndCall(_activity, reply.Error);
    }

    /// <inheritdoc/>
    /// <remarks>A server that went silent (frozen, or behind a black hole) cannot hold the app past the deadline (StubFrozenServerTests.CallWithTimeout_ServerSilent_AnswersTimeoutInTime).</remarks>
    public override void Expire(long id) =>
        Complete(JsonRpcMessage.Failure(RpcId.From(id), new RpcError(RpcErrorCodes.Timeout, "No reply came within the call's deadline (its timeoutMs, else the server's callTimeoutSeconds); the call is cancelled.")));
}
