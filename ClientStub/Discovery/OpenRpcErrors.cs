using Newtonsoft.Json.Linq;
using SimpleRpc.Protocol;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>
/// The errors a module call through a stub can end with, as OpenRPC error objects under
/// <c>components/errors</c>; each method lists them by <c>$ref</c>. Codes come from
/// <see cref="RpcErrorCodes"/>; docs/protocol.md describes each. Stateless and thread-safe.
/// </summary>
internal static class OpenRpcErrors
{
    /// <summary>The prefix of every error's reference.</summary>
    public const string RefPrefix = "#/components/errors/";

    private static readonly (string Key, int Code, string Message, JToken? Data)[] CallErrors =
    [
        ("ModuleThrew", RpcErrorCodes.ModuleThrew, "The module function threw: message is the exception's message; data carries its type (full name), message and stack trace.",
            new JObject { ["type"] = "System.InvalidOperationException", ["message"] = "…", ["stackTrace"] = "   at … in module.cs:line 12" }),
        ("InvalidParams", RpcErrorCodes.InvalidParams, "Invalid params: no overload takes them, several do (name the signature id or use named params), or a value has the wrong type.", null),
        ("MethodNotFound", RpcErrorCodes.MethodNotFound, "Method not found: the server no longer has this module or function.", null),
        ("ModuleChanged", RpcErrorCodes.ModuleChanged, "Module changed: the signature id called (with moduleVersion) no longer exists on the server; rebuild against the current proxies.", null),
        ("Timeout", RpcErrorCodes.Timeout, "The call passed its deadline (the request's timeoutMs, else the server's callTimeoutSeconds).", null),
        ("WorkerLost", RpcErrorCodes.WorkerLost, "The module's worker process ended during the call (a crash, a stack overflow, its memory cap, or stopped because the call would not end); a new worker replaces it.", null),
        ("ModuleFailed", RpcErrorCodes.ModuleFailed, "The module failed: its workers ended abnormally too often; its calls fail until it is registered again.", null),
        ("RequestCancelled", RpcErrorCodes.RequestCancelled, "The call was cancelled with $/cancelRequest.", null),
        ("LimitExceeded", RpcErrorCodes.LimitExceeded, "A limit was passed: too many calls in flight on one connection (maxCallsPerConnection) or a frame too large.", null),
        ("ServerUnavailable", RpcErrorCodes.ServerUnavailable, "The stub is not connected to the server right now; try again when it is.", null),
        ("ConnectionLost", RpcErrorCodes.ConnectionLost, "The stub lost the server before the reply arrived.", null),
    ];

    /// <summary>The <c>components/errors</c> object: one error object per key.</summary>
    public static JObject Components()
    {
        var errors = new JObject();
        foreach (var (key, code, message, data) in CallErrors)
        {
            var error = new JObject { ["code"] = code, ["message"] = message };
            if (data is not null)
            {
                error["data"] = data.DeepClone();
            }

            errors[key] = error;
        }

        return errors;
    }

    /// <summary>The <c>errors</c> of a module function: a reference to each call error.</summary>
    public static JArray ForFunction() => new(CallErrors.Select(e => new JObject { ["$ref"] = RefPrefix + e.Key }));
}
