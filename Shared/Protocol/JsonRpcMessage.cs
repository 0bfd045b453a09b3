using System.Text;

namespace SimpleRpc.Protocol;

/// <summary>
/// One JSON-RPC 2.0 message: a request, a notification or a response. <c>params</c> and
/// <c>result</c> are kept as raw JSON so a relay can pass them on without building a tree: as the
/// UTF-8 bytes they arrived as when the message was read from the wire (a relay writes those bytes
/// out again and never decodes them), or as text when this process built the message.
/// </summary>
/// <remarks>
/// Immutable once built, except that <see cref="ParamsJson"/> and <see cref="ResultJson"/> decode
/// the received bytes the first time they are read (any thread; a race decodes twice, harmlessly).
/// </remarks>
public sealed class JsonRpcMessage
{
    private readonly ReadOnlyMemory<byte> _paramsUtf8;
    private readonly ReadOnlyMemory<byte> _resultUtf8;
    private string? _paramsJson;
    private string? _resultJson;

    /// <summary>The id; <see cref="RpcId.None"/> for a notification.</summary>
    public RpcId Id { get; init; }

    /// <summary>The method of a request or notification; null in a response.</summary>
    public string? Method { get; init; }

    /// <summary>Raw JSON of <c>params</c> (an array or an object), or null.</summary>
    public string? ParamsJson
    {
        get => _paramsJson ??= Decode(_paramsUtf8);
        init => _paramsJson = value;
    }

    /// <summary>Raw JSON of <c>result</c> in a success response.</summary>
    public string? ResultJson
    {
        get => _resultJson ??= Decode(_resultUtf8);
        init => _resultJson = value;
    }

    /// <summary>
    /// <c>params</c> as the UTF-8 bytes it was received as; empty when the message was built
    /// from text (<see cref="ParamsJson"/>) or has no params.
    /// </summary>
    public ReadOnlyMemory<byte> ParamsUtf8
    {
        get => _paramsUtf8;
        init => _paramsUtf8 = value;
    }

    /// <summary><c>result</c> as the UTF-8 bytes it was received as; empty when built from text.</summary>
    public ReadOnlyMemory<byte> ResultUtf8
    {
        get => _resultUtf8;
        init => _resultUtf8 = value;
    }

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
    public JsonRpcMessage WithId(RpcId id) => Forward(id, TimeoutMs, TraceParent, TraceState);

    /// <summary>This request with another id and trace context (a relay that traces passes its own span on).</summary>
    public JsonRpcMessage WithId(RpcId id, string? traceParent, string? traceState) => Forward(id, TimeoutMs, traceParent, traceState);

    /// <summary>
    /// This request's method, params and module version under another id, deadline and trace
    /// context: what a relay sends on. Received params pass on as their bytes, never decoded.
    /// </summary>
    public JsonRpcMessage Forward(RpcId id, int? timeoutMs, string? traceParent, string? traceState) =>
        new()
        {
            Id = id,
            Method = Method,
            ParamsUtf8 = _paramsUtf8,
            ParamsJson = _paramsUtf8.IsEmpty ? _paramsJson : null,
            TimeoutMs = timeoutMs,
            ModuleVersion = ModuleVersion,
            TraceParent = traceParent,
            TraceState = traceState,
        };

    /// <summary>
    /// This response under another id: a relay answers its caller with what it was answered.
    /// A received result passes on as its bytes, never decoded.
    /// </summary>
    public JsonRpcMessage ReplyAs(RpcId id) =>
        Error is { } error
            ? Failure(id, error)
            : new() { Id = id, ResultUtf8 = _resultUtf8, ResultJson = _resultUtf8.IsEmpty ? _resultJson ?? "null" : null };

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

    private static string? Decode(ReadOnlyMemory<byte> utf8) => utf8.IsEmpty ? null : Encoding.UTF8.GetString(utf8.Span);
}
