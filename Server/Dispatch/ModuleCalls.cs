using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// The shape of a module call's method name and the answers every <see cref="IModuleInvoker"/>
/// gives alike, so that a call is refused, cancelled or timed out with the same words in process
/// and in a worker. Stateless and thread-safe.
/// </summary>
internal static class ModuleCalls
{
    /// <summary>The module part of <c>"&lt;module&gt;.&lt;Function&gt;"</c>, or null when <paramref name="method"/> is not of that form.</summary>
    public static string? ModuleNameOf(string method) => MethodTarget.Of(method)?.Module;

    /// <summary>The error for a call to a module that is not registered.</summary>
    public static RpcException NoSuchModule(string module) =>
        new(RpcErrorCodes.MethodNotFound, $"Method not found: no module '{module}' is registered.");

    /// <summary>The error for a method name that is not <c>"&lt;module&gt;.&lt;Function&gt;"</c>.</summary>
    public static RpcException NotAModuleCall(string method) =>
        new(RpcErrorCodes.MethodNotFound, $"Method not found: '{method}'. Module calls are named '<module>.<Function>'.");

    /// <summary>The reply to a call that was cancelled (<c>$/cancelRequest</c>, or its caller left).</summary>
    public static JsonRpcMessage Cancelled(JsonRpcMessage request) =>
        JsonRpcMessage.Failure(request.Id, new RpcError(RpcErrorCodes.RequestCancelled, $"The call to {request.Method} was cancelled."));

    /// <summary>The reply to a call that passed its deadline.</summary>
    public static JsonRpcMessage DeadlinePassed(JsonRpcMessage request, TimeSpan timeout) =>
        JsonRpcMessage.Failure(request.Id, new RpcError(RpcErrorCodes.Timeout, $"The call to {request.Method} passed its deadline of {timeout.TotalMilliseconds:0} ms."));
}
