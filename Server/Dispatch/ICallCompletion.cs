using SimpleRpc.Protocol;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// Where a module call's reply goes when the caller does not await a task for it
/// (<see cref="IModuleInvoker.Invoke"/>): a stub's session sends it on from here.
/// </summary>
public interface ICallCompletion
{
    /// <summary>
    /// Takes the reply to send, once per call: a result or an error. May run before
    /// <see cref="IModuleInvoker.Invoke"/> returns, or later on whichever thread ended the call
    /// (a worker link's reading thread, a deadline sweep); it must not block that thread.
    /// </summary>
    void Complete(JsonRpcMessage reply);
}
