using System.Diagnostics;
using SimpleRpc.Diagnostics;
using SimpleRpc.Hosting;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Diagnostics;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Sessions;

/// <summary>
/// A stub's module call from the line that brought it to its reply: listed in its session as its
/// own cancellation (for <c>$/cancelRequest</c>, the per-connection limit and the dashboard),
/// counted among the server's calls in flight, measured and traced. <see cref="Complete"/> sends
/// the reply from whichever thread ended the call, with no task awaited for it. One object per call.
/// </summary>
internal sealed class SessionCall : RunningCall, ICallCompletion
{
    private readonly ClientSession _session;
    private readonly JsonRpcMessage _request;
    private readonly InFlightCalls _inFlight;
    private readonly long _started;
    private readonly Activity? _activity;
    private int _completed;

    /// <summary>Lists the call in its session; the caller has entered <paramref name="inFlight"/> for it.</summary>
    /// <exception cref="RpcException">The session runs its most calls already, or one under the same id (see <see cref="ClientSession.BeginCall(RpcId, int, string)"/>).</exception>
    public SessionCall(ClientSession session, JsonRpcMessage request, int maxCallsPerConnection, InFlightCalls inFlight)
        : base(request.Method!)
    {
        _session = session;
        _request = request;
        _inFlight = inFlight;
        _started = ServerMetrics.CallStarted();

        // The span is the current one from here on in this flow: the request sent to a worker
        // carries it (ServerTracing.Forward).
        _activity = ServerTracing.StartCall(ServerTracing.Source, request);
        try
        {
            session.Begin(request.Id, maxCallsPerConnection, this);
        }
        catch
        {
            _activity?.Dispose();
            throw;
        }
    }

    /// <summary>Sends the reply (once: a second one is dropped) and frees the call's id and slot.</summary>
    public void Complete(JsonRpcMessage reply)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        // The id is free again before the reply leaves: a client may reuse it as soon as it has
        // the reply.
        _session.EndCall(_request.Id, this);
        ServerMetrics.CallEnded(_request.Method!, reply.Error, _started);
        if (_activity is not null)
        {
            // Ending a span makes its parent current on this thread, which may be a worker link's
            // reading thread that goes on with other calls.
            var current = Activity.Current;
            RpcTracing.EndCall(_activity, reply.Error);
            Activity.Current = current;
        }

        try
        {
            // Replies of calls running beside this one are on their way: let them share a write.
            _session.Connection.Send(reply, moreComing: _session.RunningCalls > 0);
        }
        catch (RpcException ex)
        {
            // A result over the frame limit: the caller gets the limit's error instead. This may
            // run on a worker link's reading thread, which nothing may stop.
            _session.Connection.ReplyError(_request.Id, ex.ToError());
        }
        finally
        {
            _inFlight.Exit();
        }
    }
}
