using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

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
    /// cancelled). Never throws for a failed call. Thread-safe; calls may overlap. The code after
    /// an await of the task runs on the pool or on the caller's own thread, never on a thread the
    /// invoker reads replies with.
    /// </summary>
    /// <param name="request">The call, as the caller sent it.</param>
    /// <param name="caller">The client's name, for logs.</param>
    /// <param name="timeout">The call's deadline, already capped by the server's limit.</param>
    /// <param name="cancellationToken">Cancelled by <c>$/cancelRequest</c> or when the caller disconnects.</param>
    Task<JsonRpcMessage> InvokeAsync(JsonRpcMessage request, string caller, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the call like <see cref="InvokeAsync"/> and hands the reply to <paramref name="completion"/>,
    /// for a caller that only sends the reply on: an invoker whose answers arrive on a thread of
    /// its own (a worker's link) completes it there, with no task and no hand-off to the pool.
    /// The default awaits <see cref="InvokeAsync"/>.
    /// </summary>
    /// <param name="request">The call, as the caller sent it.</param>
    /// <param name="caller">The client's name, for logs.</param>
    /// <param name="timeout">The call's deadline, already capped by the server's limit.</param>
    /// <param name="cancellationToken">Cancelled by <c>$/cancelRequest</c> or when the caller disconnects.</param>
    /// <param name="completion">Gets the reply, once; possibly before this returns.</param>
    void Invoke(JsonRpcMessage request, string caller, TimeSpan timeout, CancellationToken cancellationToken, ICallCompletion completion)
    {
        var reply = InvokeAsync(request, caller, timeout, cancellationToken);
        if (reply.IsCompletedSuccessfully)
        {
            // A synchronous function run inline: no continuation at all.
            completion.Complete(reply.Result);
            return;
        }

        reply.ContinueWith(
            static (task, state) =>
            {
                var (completion, id) = ((ICallCompletion, RpcId))state!;
                completion.Complete(task.IsCompletedSuccessfully
                    ? task.Result
                    : JsonRpcMessage.Failure(id, new RpcError(RpcErrorCodes.InternalError, "Internal error: " + ErrorText.Describe(task.Exception?.GetBaseException() ?? new OperationCanceledException()))));
            },
            (completion, request.Id),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
