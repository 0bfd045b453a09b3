using System.Diagnostics;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Dispatch;

public sealed partial class InProcessInvoker
{
    // A proven-fast synchronous function, run on the thread that read the call (RunsFastCallsInline).
    // Nothing can stop it early here, so a call that ran past its deadline answers as a call on the
    // pool would have, and a slow one sends the function back to the pool (for good after the
    // third long one, InlineGate.LongTicks); while it runs slow, the gate sends the function's other calls to the pool
    // (InlineGate.IsOpen).
    private JsonRpcMessage RunInline(JsonRpcMessage request, string caller, LoadedModule module, ModuleFunction function, object?[] arguments, TimeSpan timeout)
    {
        // Calls need no order among themselves: past its budget this one may lose the reader.
        JsonRpcConnection.AllowReaderTakeover();
        var timing = function.Inline.EnterInline();
        object? result;
        try
        {
            result = function.Invoke(arguments);
        }
        catch (Exception ex)
        {
            function.Inline.ExitInline(timing);
            return Threw(request, caller, ex, (long)Stopwatch.GetElapsedTime(timing.Started).TotalMilliseconds);
        }

        var elapsed = function.Inline.ExitInline(timing);
        var took = Stopwatch.GetElapsedTime(timing.Started);
        if (elapsed > InlineGate.FastTicks)
        {
            _log.Debug("Call {Method} took {ElapsedMs} ms on the reading thread ({Strikes} of {MaxStrikes} long calls there): its calls run on the pool {Until}", request.Method, took.TotalMilliseconds, function.Inline.Strikes, InlineGate.MaxStrikes, function.Inline.IsClosedForGood ? "from now on" : "until they are fast again");
        }

        if (took > timeout)
        {
            _log.Information("Call {Method} from {ClientId} {Outcome} after {ElapsedMs} ms", request.Method, caller, $"passed its deadline of {timeout.TotalMilliseconds:0} ms", (long)took.TotalMilliseconds);
            return ModuleCalls.DeadlinePassed(request, timeout);
        }

        return Reply(request, module, function, result);
    }

    // A synchronous function on the pool, timed for its inline gate.
    private static object? InvokeTimed(ModuleFunction function, object?[] arguments)
    {
        var timing = InlineGate.Timing.Start();
        try
        {
            return function.Invoke(arguments);
        }
        finally
        {
            function.Inline.Record(timing.Elapsed(), ranInline: false);
        }
    }

    private JsonRpcMessage Threw(JsonRpcMessage request, string caller, Exception ex, long elapsedMs)
    {
        _log.Information("Call {Method} from {ClientId} threw {ExceptionType} after {ElapsedMs} ms", request.Method, caller, ex.GetType().FullName, elapsedMs);
        var data = RemoteErrorData.From(ex, ModuleStackTrace);
        return JsonRpcMessage.Failure(request.Id, RpcError.WithData(RpcErrorCodes.ModuleThrew, ex.Message, data));
    }
}
