using System.Diagnostics;
using Serilog;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// Runs module calls in this process (<c>isolation: inProcess</c>, and inside each worker
/// process): resolves <c>"&lt;module&gt;.&lt;Function&gt;"</c> with positional or named params
/// (overloads chosen by the params), or <c>"&lt;module&gt;.&lt;Function&gt;(&lt;types&gt;)"</c> as
/// generated proxies send it (an exact signature id), against the modules of an
/// <see cref="IModuleSource"/>. A call that passes its deadline or is cancelled is answered at
/// once; a module's exception becomes a <see cref="RpcErrorCodes.ModuleThrew"/> error carrying its
/// type, message and stack trace.
/// </summary>
/// <remarks>
/// Thread-safe. Module code runs on the thread pool, never on a connection's read loop, except
/// where <see cref="RunsFastCallsInline"/> lets a proven-fast synchronous function run on a
/// reading thread that can be taken over (<see cref="JsonRpcConnection.ReaderCanBeTakenOver"/>).
/// </remarks>
public sealed partial class InProcessInvoker : IModuleInvoker
{
    private static readonly TimeSpan CancelGrace = TimeSpan.FromMilliseconds(250);
    private readonly IModuleSource _modules;
    private readonly ILogger _log;

    /// <summary>Creates an invoker over <paramref name="modules"/>.</summary>
    /// <param name="modules">The modules to call: the server's registry, or a worker's own table.</param>
    /// <param name="log">Where call failures are logged.</param>
    public InProcessInvoker(IModuleSource modules, ILogger log)
    {
        _modules = modules;
        _log = log;
    }

    /// <summary>
    /// When true (the default), a synchronous function without a <see cref="CancellationToken"/>
    /// whose recent calls all returned at once (<see cref="InlineGate"/>) runs on the thread that
    /// read its call, if that is a connection's reading thread that can be taken over
    /// (<see cref="JsonRpcConnection.ReaderCanBeTakenOver"/>): no hand-off to the pool and no
    /// deadline timer. A call that blocks there holds its connection for at most
    /// <see cref="JsonRpcConnection.ReaderTakeoverAfter"/>, and sends its function to the pool for good.
    /// </summary>
    public bool RunsFastCallsInline { get; init; } = true;

    /// <summary>
    /// Called with the method name when a call passed its deadline or was cancelled and its
    /// function is still running after the grace period. A worker process reports it so the
    /// server can stop the worker: in-process code cannot be stopped any other way.
    /// </summary>
    public Action<string>? CallStillRunning { get; init; }

    /// <inheritdoc/>
    public async Task<JsonRpcMessage> InvokeAsync(JsonRpcMessage request, string caller, TimeSpan timeout, CancellationToken cancellationToken)
    {
        LoadedModule module;
        ModuleFunction function;
        object?[] arguments;
        try
        {
            (module, function, arguments) = Resolve(request);
        }
        catch (RpcException ex)
        {
            return JsonRpcMessage.Failure(request.Id, ex.ToError());
        }

        if (RunsFastCallsInline && function.IsSynchronous && !function.TakesCancellationToken && JsonRpcConnection.ReaderCanBeTakenOver && function.Inline.IsOpen)
        {
            try
            {
                return RunInline(request, caller, module, function, arguments, timeout);
            }
            finally
            {
                module.ExitCall();
            }
        }

        // A function that takes a token sees the deadline through it; for one that does not,
        // the wait below enforces the deadline alone, with no token source per call.
        using var deadline = function.TakesCancellationToken ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        deadline?.CancelAfter(timeout);
        var functionToken = deadline?.Token ?? CancellationToken.None;
        var watch = Stopwatch.StartNew();

        // One hop to the pool: a slow function never stalls the connection's reads, and the
        // wait below can give up on a function that ignores its token. A synchronous function's
        // time is recorded for its inline gate.
        var work = RunsFastCallsInline && function.IsSynchronous && !function.TakesCancellationToken && !function.Inline.IsClosedForGood
            ? Task.Run(() => InvokeTimed(function, arguments), CancellationToken.None)
            : Task.Run(() => function.InvokeAsync(arguments, functionToken).AsTask(), CancellationToken.None);
        try
        {
            var result = await work.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return Reply(request, module, function, result);
        }
        catch (Exception ex) when (IsDeadlineOrCancel(ex, work, deadline, cancellationToken))
        {
            var cancelled = cancellationToken.IsCancellationRequested;

            // A function that honours its token ends within moments; give it that long so the
            // version's call count and the log say what really happened.
            await Task.WhenAny(work, Task.Delay(CancelGrace, CancellationToken.None)).ConfigureAwait(false);
            _log.Information(
                "Call {Method} from {ClientId} {Outcome} after {ElapsedMs} ms",
                request.Method, caller, cancelled ? "was cancelled" : $"passed its deadline of {timeout.TotalMilliseconds:0} ms", watch.ElapsedMilliseconds);
            if (!work.IsCompleted)
            {
                // In-process code cannot be stopped: stop waiting, keep the version alive until it ends.
                _log.Warning("Call {Method} from {ClientId} is still running; no longer waiting for it", request.Method, caller);
                CallStillRunning?.Invoke(request.Method!);
                ReleaseWhenDone(work, module);
                module = null!;
            }

            return cancelled ? ModuleCalls.Cancelled(request) : ModuleCalls.DeadlinePassed(request, timeout);
        }
        catch (Exception ex)
        {
            return Threw(request, caller, ex, watch.ElapsedMilliseconds);
        }
        finally
        {
            module?.ExitCall();
        }
    }

    // The wait timed out, the caller cancelled, or the function gave up on its own deadline token;
    // a TimeoutException the module threw itself is the module's exception.
    private static bool IsDeadlineOrCancel(Exception ex, Task work, CancellationTokenSource? deadline, CancellationToken cancellationToken) =>
        (ex is TimeoutException && work.Exception?.InnerException != ex)
        || (ex is OperationCanceledException && (cancellationToken.IsCancellationRequested || deadline?.IsCancellationRequested == true));

    private JsonRpcMessage Reply(JsonRpcMessage request, LoadedModule module, ModuleFunction function, object? result)
    {
        try
        {
            return new JsonRpcMessage { Id = request.Id, ResultUtf8 = module.Values.SerializeUtf8(result, function.ResultType) };
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            _log.Warning("Result of {Method} could not be serialized: {Reason}", request.Method, ex.Message);
            return JsonRpcMessage.Failure(request.Id, new RpcError(RpcErrorCodes.InternalError, $"The result of {request.Method} could not be serialized: {ex.Message}"));
        }
    }

    private static void ReleaseWhenDone(Task work, LoadedModule module) =>
        work.ContinueWith(
            static (task, state) =>
            {
                _ = task.Exception;
                ((LoadedModule)state!).ExitCall();
            },
            module,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    // The caller needs the module's frames, not the server's: cut the trace where the
    // dispatcher's own frames (the compiled invoker and what calls it) begin.
    private static string? ModuleStackTrace(Exception ex)
    {
        var lines = ex.StackTrace?.Split('\n');
        return lines is null
            ? null
            : string.Join('\n', lines.TakeWhile(l => !l.Contains("lambda_method", StringComparison.Ordinal) && !l.Contains(" SimpleRpc.Server.", StringComparison.Ordinal)));
    }
}
