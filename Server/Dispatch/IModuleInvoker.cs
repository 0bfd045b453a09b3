using SimpleRpc.Protocol;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// Where module calls run: <see cref="InProcessInvoker"/> in this process, or the worker pool
/// (<see cref="Isolation.Host.ModuleWorkerPool"/>) in worker processes. <see cref="CallDispatcher"/>
/// hands every call to one of them.
/// </summary>
public interface IModuleInvoker
{
    /// <summary>
    /// Runs the module call in <paramref name="request"/> and returns the reply to send: a result,
    /// or an error (no such module or function, bad params, the module threw, deadline passed,
    /// cancelled). Never throws for a failed call. Thread-safe; calls may overlap.
    /// </summary>
    /// <param name="request">The call, as the caller sent it.</param>
    /// <param name="caller">The client's name, for logs.</param>
    /// <param name="timeout">The call's deadline, already capped by the server's limit.</param>
    /// <param name="cancellationToken">Cancelled by <c>$/cancelRequest</c> or when the caller disconnects.</param>
    /// <param name="resumeOnReplyThread">
    /// True for a caller whose code after the await only sends the reply on: an invoker whose answer
    /// arrives on another thread (a worker's link) may then resume the caller there, with no
    /// hand-off to the pool (see <see cref="CallDispatcher.DispatchAsync"/>).
    /// </param>
    Task<JsonRpcMessage> InvokeAsync(JsonRpcMessage request, string caller, TimeSpan timeout, CancellationToken cancellationToken, bool resumeOnReplyThread);
}
