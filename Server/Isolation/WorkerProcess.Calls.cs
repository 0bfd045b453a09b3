using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;

namespace SimpleRpc.Server.Isolation;

internal sealed partial class WorkerProcess
{
    /// <summary>
    /// Sends a module call to the worker and returns its reply. The reply completes the task on
    /// the worker link's read loop, without a hop to the thread pool: what runs after it (passing
    /// the reply to the caller's connection) is short. Cancelling <paramref name="cancellationToken"/>
    /// ends the task at once and tells the worker with <c>$/cancelRequest</c>. A closed link
    /// yields a <see cref="RpcErrorCodes.ConnectionLost"/> reply.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<JsonRpcMessage> SendCallAsync(JsonRpcMessage call, CancellationToken cancellationToken)
    {
        var id = Connection.NextId();
        var reply = new TaskCompletionSource<JsonRpcMessage>(TaskCreationOptions.None);
        Connection.RegisterReplyCallback(id, message => reply.TrySetResult(message));
        if (!Connection.Send(call.WithId(RpcId.From(id))))
        {
            Connection.ForgetPending(id);
            return Task.FromResult(JsonRpcMessage.Failure(RpcId.From(id), new RpcError(RpcErrorCodes.ConnectionLost, $"The link to {Connection.DisplayName} is closed.")));
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                if (Connection.ForgetPending(id))
                {
                    reply.TrySetCanceled(cancellationToken);
                    Connection.Notify(JsonRpcMessage.CancelRequestMethod, new CancelRequest(id));
                }
            });
            reply.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return reply.Task;
    }
}
