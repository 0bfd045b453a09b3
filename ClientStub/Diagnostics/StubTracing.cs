using System.Diagnostics;
using SimpleRpc.Diagnostics;
using SimpleRpc.Protocol;

namespace SimpleRpc.ClientStub.Diagnostics;

/// <summary>The stub's <see cref="ActivitySource"/> (<see cref="RpcTracing.StubSourceName"/>): one span per relayed app call.</summary>
internal static class StubTracing
{
    /// <summary>The stub's source.</summary>
    public static readonly ActivitySource Source = new(RpcTracing.StubSourceName);

    /// <summary>
    /// Starts the span of a relayed call, a child of the app's <c>traceparent</c>; null when nothing
    /// listens. The reply arrives on another thread, so the span is not left as the read loop's
    /// <see cref="Activity.Current"/>.
    /// </summary>
    public static Activity? StartRelay(JsonRpcMessage request)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        var activity = RpcTracing.StartCall(Source, request.Method!, ActivityKind.Server, request.TraceParent, request.TraceState);
        Activity.Current = previous;
        return activity;
    }

    /// <summary>The request to send to the server: with the relay's span as its trace context when there is one.</summary>
    public static JsonRpcMessage Forward(JsonRpcMessage request, RpcId id, Activity? activity) =>
        activity is null ? request.WithId(id) : request.WithId(id, activity.Id, activity.TraceStateString);
}
