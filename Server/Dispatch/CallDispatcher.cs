using System.Diagnostics;
using Serilog;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// Runs module calls: <c>"&lt;module&gt;.&lt;Function&gt;"</c> with positional or named params.
/// A module's exception becomes a <see cref="RpcErrorCodes.ModuleThrew"/> error carrying its
/// type, message and stack trace.
/// </summary>
/// <remarks>Thread-safe; every call runs on the thread pool, never on a connection's read loop.</remarks>
public sealed class CallDispatcher
{
    private readonly ModuleRegistry _modules;
    private readonly ILogger _log;

    /// <summary>Creates a dispatcher over <paramref name="modules"/>.</summary>
    public CallDispatcher(ModuleRegistry modules, ILogger log)
    {
        _modules = modules;
        _log = log;
    }

    /// <summary>Runs the call in <paramref name="request"/> and returns the reply to send.</summary>
    public async Task<JsonRpcMessage> DispatchAsync(JsonRpcMessage request, string caller, CancellationToken cancellationToken)
    {
        var method = request.Method!;
        LoadedModule module;
        ModuleFunction function;
        object?[] arguments;
        try
        {
            (module, function, arguments) = Resolve(method, request.ParamsJson);
        }
        catch (RpcException ex)
        {
            return JsonRpcMessage.Failure(request.Id, ex.ToError());
        }

        try
        {
            // Module code runs on the pool so a slow function never stalls the connection's reads.
            await Task.Yield();
            var watch = Stopwatch.StartNew();
            try
            {
                var result = await function.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false);
                return JsonRpcMessage.Success(request.Id, module.Values.Serialize(result, function.ResultType));
            }
            catch (Newtonsoft.Json.JsonException ex)
            {
                _log.Warning("Result of {Method} could not be serialized: {Reason}", method, ex.Message);
                return JsonRpcMessage.Failure(request.Id, new RpcError(RpcErrorCodes.InternalError, $"The result of {method} could not be serialized: {ex.Message}"));
            }
            catch (Exception ex)
            {
                _log.Information("Call {Method} from {ClientId} threw {ExceptionType} after {ElapsedMs} ms", method, caller, ex.GetType().FullName, watch.ElapsedMilliseconds);
                var data = new RemoteErrorData(ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ModuleStackTrace(ex));
                return JsonRpcMessage.Failure(request.Id, RpcError.WithData(RpcErrorCodes.ModuleThrew, ex.Message, data));
            }
        }
        finally
        {
            module.ExitCall();
        }
    }

    // The caller needs the module's frames, not the server's: cut the trace where the
    // dispatcher's own frames (the compiled invoker and what calls it) begin.
    private static string? ModuleStackTrace(Exception ex)
    {
        var lines = ex.StackTrace?.Split('\n');
        return lines is null
            ? null
            : string.Join('\n', lines.TakeWhile(l => !l.Contains("lambda_method", StringComparison.Ordinal) && !l.Contains(" SimpleRpc.Server.", StringComparison.Ordinal)));
    }

    // Resolves and enters the serving version. A version retired between the lookup and the
    // enter (a replacement landed) is skipped and the lookup repeated, so a new call never runs
    // on a version that is being unloaded.
    private (LoadedModule, ModuleFunction, object?[]) Resolve(string method, string? paramsJson)
    {
        var dot = method.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == method.Length - 1)
        {
            throw new RpcException(RpcErrorCodes.MethodNotFound, $"Method not found: '{method}'. Module calls are named '<module>.<Function>'.");
        }

        var moduleName = method[..dot];
        while (true)
        {
            var module = _modules.Find(moduleName)
                ?? throw new RpcException(RpcErrorCodes.MethodNotFound, $"Method not found: no module '{moduleName}' is registered.");
            if (!module.TryEnterCall())
            {
                continue;
            }

            try
            {
                var overloads = module.Overloads(method[(dot + 1)..]);
                if (overloads.Count == 0)
                {
                    throw new RpcException(RpcErrorCodes.MethodNotFound, $"Method not found: module '{moduleName}' v{module.Info.Version} has no function '{method[(dot + 1)..]}'.");
                }

                var (function, arguments) = ArgumentBinder.Bind(method, overloads, paramsJson, module.Values);
                return (module, function, arguments);
            }
            catch
            {
                module.ExitCall();
                throw;
            }
        }
    }
}
