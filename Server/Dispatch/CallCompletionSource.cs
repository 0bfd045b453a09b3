using SimpleRpc.Protocol;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// An <see cref="ICallCompletion"/> as a task, for callers that await the reply (the consoles,
/// the dashboard, tests): the code after their await runs on the pool, never on the thread that
/// ended the call, since it may block (a console waits for its next line).
/// </summary>
public sealed class CallCompletionSource : TaskCompletionSource<JsonRpcMessage>, ICallCompletion
{
    /// <summary>Creates a source whose task resumes its awaiters on the pool.</summary>
    public CallCompletionSource()
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
    }

    /// <inheritdoc/>
    public void Complete(JsonRpcMessage reply) => TrySetResult(reply);
}
