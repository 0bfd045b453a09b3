using System.Diagnostics;
using SimpleRpc.Protocol;

namespace SimpleRpc.Diagnostics;

/// <summary>
/// Spans for module calls, one <see cref="ActivitySource"/> per process kind, joined into one
/// trace by the W3C trace context a request carries (<see cref="JsonRpcMessage.TraceParent"/>).
/// Tags follow OpenTelemetry's RPC conventions: <c>rpc.system</c> <c>jsonrpc</c>, <c>rpc.service</c>
/// (the module), <c>rpc.method</c> (the function), <c>rpc.jsonrpc.error_code</c> on an error.
/// </summary>
/// <remarks>
/// Thread-safe. With nothing listening to a source, <see cref="StartCall"/> returns null before it
/// reads a member or allocates anything, so a process that does not trace pays one check a call.
/// </remarks>
public static class RpcTracing
{
    /// <summary>The app-side runtime's source (what generated proxies call).</summary>
    public const string ClientSourceName = "SimpleRpc.Client";

    /// <summary>The client stub's source.</summary>
    public const string StubSourceName = "SimpleRpc.ClientStub";

    /// <summary>The server's source.</summary>
    public const string ServerSourceName = "SimpleRpc.Server";

    /// <summary>The worker process's source.</summary>
    public const string WorkerSourceName = "SimpleRpc.Worker";

    /// <summary>The source <see cref="Client.RpcClient"/> starts its spans on.</summary>
    public static ActivitySource ClientSource { get; } = new(ClientSourceName);

    /// <summary>
    /// Starts the span of a call to <paramref name="method"/> on <paramref name="source"/>, as a child
    /// of <paramref name="traceParent"/> when it is a valid W3C <c>traceparent</c>, else of
    /// <see cref="Activity.Current"/>; null when nothing listens or the span is not sampled.
    /// </summary>
    /// <remarks>The span becomes <see cref="Activity.Current"/>; a caller on a thread it does not own restores the previous one.</remarks>
    public static Activity? StartCall(ActivitySource source, string method, ActivityKind kind, string? traceParent = null, string? traceState = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var (module, function) = MethodTags.Of(method);
        var activity = source.StartActivity(module + "/" + function, kind, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "jsonrpc");
            activity.SetTag("rpc.service", module);
            activity.SetTag("rpc.method", function);
        }

        return activity;
    }

    /// <summary>Marks <paramref name="activity"/> failed when <paramref name="error"/> is set, then ends it; null does nothing.</summary>
    public static void EndCall(Activity? activity, RpcError? error)
    {
        if (activity is null)
        {
            return;
        }

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("rpc.jsonrpc.error_code", error.Code);
        }

        activity.Dispose();
    }
}
