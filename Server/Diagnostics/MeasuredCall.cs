using SimpleRpc.Diagnostics;
using SimpleRpc.Protocol;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Diagnostics;

/// <summary>
/// A module call the server makes for its own console's <c>call</c> or the dashboard's "try it",
/// measured as a stub's call is: counted in <c>simplerpc.calls</c> and <c>simplerpc.call.duration</c>
/// (so the dashboard's calls/s, p50/p99 and error rates include it) and traced with the server's span.
/// </summary>
internal static class MeasuredCall
{
    /// <summary>Dispatches <paramref name="request"/> for <paramref name="caller"/> and records its outcome.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (nothing is recorded).</exception>
    public static async Task<JsonRpcMessage> DispatchAsync(CallDispatcher dispatcher, JsonRpcMessage request, string caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(request);
        var started = ServerMetrics.CallStarted();
        using var activity = ServerTracing.StartCall(ServerTracing.Source, request);
        var reply = await dispatcher.DispatchAsync(request, caller, cancellationToken).ConfigureAwait(false);
        ServerMetrics.CallEnded(request.Method!, reply.Error, started);
        RpcTracing.EndCall(activity, reply.Error);
        return reply;
    }
}
