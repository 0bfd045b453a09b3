namespace SimpleRpc.Protocol;

/// <summary>
/// Error codes. The first five are JSON-RPC 2.0's own; the rest are SimpleRpc's application
/// range (-32000 to -32099), documented in docs/protocol.md.
/// </summary>
public static class RpcErrorCodes
{
    /// <summary>The line was not valid JSON.</summary>
    public const int ParseError = -32700;

    /// <summary>Valid JSON, but not a JSON-RPC 2.0 request.</summary>
    public const int InvalidRequest = -32600;

    /// <summary>No such method, or no such module or function.</summary>
    public const int MethodNotFound = -32601;

    /// <summary>The params do not fit the method.</summary>
    public const int InvalidParams = -32602;

    /// <summary>A failure inside the receiver that is not the caller's fault.</summary>
    public const int InternalError = -32603;

    /// <summary>The module function threw; <c>data</c> is a <see cref="RemoteErrorData"/>.</summary>
    public const int ModuleThrew = -32000;

    /// <summary>The request was cancelled with <c>$/cancelRequest</c> (the code LSP and StreamJsonRpc use).</summary>
    public const int RequestCancelled = -32800;

    /// <summary>The hello named a client that is already connected; <c>data.suggestion</c> is a free name.</summary>
    public const int NameTaken = -32001;

    /// <summary>The connection must say <c>session.hello</c> before anything else.</summary>
    public const int HelloRequired = -32002;

    /// <summary>A message named a client that is not connected.</summary>
    public const int ClientNotFound = -32003;

    /// <summary>The hello had no valid key; the connection is closed after this reply.</summary>
    public const int Unauthorized = -32005;

    /// <summary>The client may not do this (for example unregister a module somebody else published).</summary>
    public const int NotAllowed = -32004;

    /// <summary>An upload broke a rule (order, size, checksum, name); nothing of it was kept.</summary>
    public const int UploadRefused = -32010;

    /// <summary>The module did not compile; <c>data.diagnostics</c> lists the errors.</summary>
    public const int CompileFailed = -32011;

    /// <summary>The proxy the app was built against no longer matches the module: rebuild the app.</summary>
    public const int ModuleChanged = -32012;

    /// <summary>
    /// The new version of a module would break its callers, and the upload did not say
    /// <c>breaking</c>; <c>data</c> is a <see cref="Messages.BreakingChangeData"/>. The serving version is unchanged.
    /// </summary>
    public const int BreakingChange = -32013;

    /// <summary>The call passed its deadline; the server stopped waiting for it.</summary>
    public const int Timeout = -32021;

    /// <summary>The module's worker process ended (crashed, or was stopped) while the call was running.</summary>
    public const int WorkerLost = -32022;

    /// <summary>The module is failed: its worker ended abnormally too often; register it again to retry.</summary>
    public const int ModuleFailed = -32023;

    /// <summary>A frame or table went past a configured limit.</summary>
    public const int LimitExceeded = -32020;

    /// <summary>The stub has no connection to the server right now.</summary>
    public const int ServerUnavailable = -32030;

    /// <summary>The connection closed before the reply arrived.</summary>
    public const int ConnectionLost = -32031;
}
