using System.Diagnostics;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Dispatch;

public sealed partial class InProcessInvoker
{
    // A proven-fast synchronous function, run on the thread that read the call (RunsFastCallsInline).
    // Nothing can stop it early here, so a call that ran past its deadline answers as a call on the
    // pool would have, and a slow one closes the function's gate for good; while it runs slow, the
    // gate sends the function's other calls to the pool (InlineGate.EnterInline).
    private JsonRpcMessage RunInline(JsonRpcMessage request, string caller, LoadedModule module, ModuleFunction function, object?[] arguments, TimeSpan timeout)
    {
        // Calls need no order among themselves: past its budget this one may lose the reader.
        JsonRpcConnection.AllowReaderTakeover();
        var start = function.Inline.EnterInline();
        object? result;
        try
        {
            result = function.Invoke(arguments);
        }
        catch (Exception ex)
        {
            function.Inline.ExitInline(start);
            return Threw(request, caller, ex, (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var elapsed = function.Inline.ExitInline(start);
        if (function.Inline.IsClosedForGood)
        {
            _log.Debug("Call {Method} took {ElapsedMs} ms on the reading thread: its calls run on the pool from now on", request.Method, Stopwatch.GetElapsedTime(start, start + elapsed).TotalMilliseconds);
        }

        if (Stopwatch.GetElapsedTime(start, start + elapsed) > timeout)
        {
            _log.Information("Call {Method} from {ClientId} {Outcome} after {ElapsedMs} ms", request.Method, caller, $"passed its deadline of {timeout.TotalMilliseconds:0} ms", (long)Stopwatch.GetElapsedTime(start, start + elapsed).TotalMilliseconds);
            return ModuleCalls.DeadlinePassed(request, timeout);
        }

        return Reply(request, module, function, result);
    }

    // A synchronous function on the pool, timed for its inline gate.
    private static object? InvokeTimed(ModuleFunction function, object?[] arguments)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return function.Invoke(arguments);
        }
        finally
        {
            function.Inline.Record(Stopwatch.GetTimestamp() - start, ranInline: false);
        }
    }

    private JsonRpcMessage Threw(JsonRpcMessage request, string caller, Exception ex, long elapsedMs)
    {
        _log.Information("Call {Method} from {ClientId} threw {ExceptionType} after {ElapsedMs} ms", request.Method, caller, ex.GetType().FullName, elapsedMs);
        var data = RemoteErrorData.From(ex, ModuleStackTrace);
        return JsonRpcMessage.Failure(request.Id, RpcError.WithData(RpcErrorCodes.ModuleThrew, ex.Message, data));
    }
}
