namespace SimpleRpc.Protocol;

/// <summary>
/// One JSON-RPC 2.0 message: a request, a notification or a response. <c>params</c> and
/// <c>result</c> are kept as raw JSON text so a relay can pass them on without building a tree.
/// </summary>
public sealed class JsonRpcMessage
{
    /// <summary>The id; <see cref="RpcId.None"/> for a notification.</summary>
    public RpcId Id { get; init; }

    /// <summary>The method of a request or notification; null in a response.</summary>
    public string? Method { get; init; }

    /// <summary>Raw JSON of <c>params</c> (an array or an object), or null.</summary>
    public string? ParamsJson { get; init; }

    /// <summary>Raw JSON of <c>result</c> in a success response.</summary>
    public string? ResultJson { get; init; }

    /// <summary>The error of a failed response.</summary>
    public RpcError? Error { get; init; }

    /// <summary>
    /// Extension member <c>timeoutMs</c> of a request: the caller's deadline for it. A receiver
    /// that knows it stops waiting after that long; others ignore the member.
    /// </summary>
    public int? TimeoutMs { get; init; }

    /// <summary>
    /// Extension member <c>moduleVersion</c> of a module call: the version of the proxy the
    /// caller was built against, so a changed module can say which versions differ.
    /// </summary>
    public int? ModuleVersion { get; init; }

    /// <summary>
    /// Extension member <c>traceparent</c> of a request or notification: the caller's W3C trace
    /// context (<c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c>), so each hop's span joins the
    /// caller's trace. Optional; a receiver that does not trace passes it on or ignores it.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>Extension member <c>tracestate</c>: the W3C vendor trace state that goes with <see cref="TraceParent"/>.</summary>
    public string? TraceState { get; init; }

    /// <summary>The wire name of <see cref="TraceParent"/>.</summary>
    public const string TraceParentMember = "traceparent";

    /// <summary>The wire name of <see cref="TraceState"/>.</summary>
    public const string TraceStateMember = "tracestate";

    /// <summary>The wire name of <see cref="TimeoutMs"/>.</summary>
    public const string TimeoutMember = "timeoutMs";

    /// <summary>The wire name of <see cref="ModuleVersion"/>.</summary>
    public const string ModuleVersionMember = "moduleVersion";

    /// <summary>The notification that cancels a request: <c>{"id": …}</c> (as LSP and StreamJsonRpc).</summary>
    public const string CancelRequestMethod = "$/cancelRequest";

    /// <summary>This request with another id (a relay passes a call on under its own id).</summary>
    public JsonRpcMessage WithId(RpcId id) => new() { Id = id, Method = Method, ParamsJson = ParamsJson, TimeoutMs = TimeoutMs, ModuleVersion = ModuleVersion, TraceParent = TraceParent, TraceState = TraceState };

    /// <summary>This request with another id and trace context (a relay that traces passes its own span on).</summary>
    public JsonRpcMessage WithId(RpcId id, string? traceParent, string? traceState) =>
        new() { Id = id, Method = Method, ParamsJson = ParamsJson, TimeoutMs = TimeoutMs, ModuleVersion = ModuleVersion, TraceParent = traceParent, TraceState = traceState };

    /// <summary>True for a request that expects a reply.</summary>
    public bool IsRequest => Method is not null && Id.IsPresent;

    /// <summary>True for a notification (a method and no id).</summary>
    public bool IsNotification => Method is not null && !Id.IsPresent;

    /// <summary>True for a response (no method).</summary>
    public bool IsResponse => Method is null;

    /// <summary>Creates a request.</summary>
    public static JsonRpcMessage Request(RpcId id, string method, string? paramsJson) =>
        new() { Id = id, Method = method, ParamsJson = paramsJson };

    /// <summary>Creates a notification.</summary>
    public static JsonRpcMessage Notification(string method, string? paramsJson) =>
        new() { Method = method, ParamsJson = paramsJson };

    /// <summary>Creates a success response; <paramref name="resultJson"/> null means JSON <c>null</c>.</summary>
    public static JsonRpcMessage Success(RpcId id, string? resultJson) =>
        new() { Id = id, ResultJson = resultJson ?? "null" };

    /// <summary>Creates an error response.</summary>
    public static JsonRpcMessage Failure(RpcId id, RpcError error) =>
        new() { Id = id.IsPresent ? id : RpcId.Null, Error = error };
}
