using SimpleRpc.Protocol;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Tests.Support;

/// <summary>An invoker that runs nothing: it keeps what each call was handed and answers with a fixed result.</summary>
internal sealed class RecordingInvoker : IModuleInvoker
{
    public List<(string Method, string Caller, TimeSpan Timeout)> Calls { get; } = [];

    public Task<JsonRpcMessage> InvokeAsync(JsonRpcMessage request, string caller, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Calls.Add((request.Method!, caller, timeout));
        return Task.FromResult(JsonRpcMessage.Success(request.Id, "0"));
    }
}
