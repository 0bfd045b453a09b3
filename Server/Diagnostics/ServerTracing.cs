using System.Diagnostics;
using SimpleRpc.Diagnostics;
using SimpleRpc.Protocol;

namespace SimpleRpc.Server.Diagnostics;

/// <summary>
/// The server's and the worker's <see cref="ActivitySource"/>s (<see cref="RpcTracing.ServerSourceName"/>,
/// <see cref="RpcTracing.WorkerSourceName"/>): one span per module call in each, joined to the
/// caller's trace through the request's <c>traceparent</c>.
/// </summary>
internal static class ServerTracing
{
    /// <summary>The server's source.</summary>
    public static readonly ActivitySource Source = new(RpcTracing.ServerSourceName);

    /// <summary>The worker process's source.</summary>
    public static readonly ActivitySource WorkerSource = new(RpcTracing.WorkerSourceName);

    /// <summary>Starts the span of a module call that arrived in <paramref name="request"/>; null when nothing listens.</summary>
    public static Activity? StartCall(ActivitySource source, JsonRpcMessage request) =>
        RpcTracing.StartCall(source, request.Method!, ActivityKind.Server, request.TraceParent, request.TraceState);

    /// <summary>
    /// The trace context to send on to a worker: the server's own span when it traces (it is
    /// <see cref="Activity.Current"/> on the call's flow), else what the caller sent.
    /// </summary>
    public static (string? Parent, string? State) Forward(JsonRpcMessage request) =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
            ? (current.Id, current.TraceStateString)
            : (request.TraceParent, request.TraceState);
}
