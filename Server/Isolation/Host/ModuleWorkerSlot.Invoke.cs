using System.Diagnostics;
using System.Globalization;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Isolation.Host;

internal sealed partial class ModuleWorkerSlot
{
    /// <summary>
    /// Runs <paramref name="request"/> in the module's worker (starting one if none runs) on
    /// <paramref name="target"/>'s version, and hands the reply for the caller's id to
    /// <paramref name="completion"/>: on the thread that read the worker's answer, or at once. Never
    /// throws: a worker that could not start, ended during the call, or did not answer in time
    /// becomes an error reply.
    /// </summary>
    public void Invoke(JsonRpcMessage request, string caller, LoadedModule target, TimeSpan timeout, CancellationToken cancellationToken, ICallCompletion completion)
    {
        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _activeCalls);
        Interlocked.Increment(ref _callsStarted);

        // A serving worker that has the version loaded takes the call with no task at all; the
        // first call, a start, a load or a crash-loop check go the awaited way.
        if (TryAcquireNow(target) is { } worker)
        {
            new WorkerCall(this, worker, request, caller, timeout, started, completion).Send(cancellationToken);
            return;
        }

        _ = InvokeOnceAcquiredAsync(request, caller, target, timeout, cancellationToken, completion, started);
    }

    private async Task InvokeOnceAcquiredAsync(JsonRpcMessage request, string caller, LoadedModule target, TimeSpan timeout, CancellationToken cancellationToken, ICallCompletion completion, long started)
    {
        WorkerProcess worker;
        try
        {
            worker = await AcquireAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            Finish(request, caller, timeout, started, completion, JsonRpcMessage.Failure(request.Id, ex.ToError()));
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while its worker was starting or loading the module.
            Finish(request, caller, timeout, started, completion, ModuleCalls.Cancelled(request));
            return;
        }
        catch (Exception ex)
        {
            // Nobody awaits this task: the caller must still get an answer.
            log.Error(ex, "Call {Method} from {ClientId} could not reach the worker of {ModuleName}", request.Method, caller, module);
            Finish(request, caller, timeout, started, completion, JsonRpcMessage.Failure(request.Id, new RpcError(RpcErrorCodes.InternalError, "Internal error: " + ErrorText.Describe(ex))));
            return;
        }

        new WorkerCall(this, worker, request, caller, timeout, started, completion).Send(cancellationToken);
    }

    // The call's end, whatever it was: logged when it failed, counted, and the reply handed on.
    private void Finish(JsonRpcMessage request, string caller, TimeSpan timeout, long started, ICallCompletion completion, JsonRpcMessage reply)
    {
        if (reply.Error is { } error)
        {
            LogFailure(request, caller, error, timeout, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Volatile.Write(ref _lastCallEnded, Environment.TickCount64);
        Interlocked.Decrement(ref _activeCalls);
        StopIfIdle();
        completion.Complete(reply);
    }

    // The worker a call can go to now, with no wait: running, not ending, serving the target's
    // version, the module not failed and no counted end pending. Null when AcquireAsync must decide.
    private WorkerProcess? TryAcquireNow(LoadedModule target)
    {
        WorkerProcess worker;
        lock (_gate)
        {
            if (_closed
                || _crashLoop.Failure is not null
                || _worker is not { IsCompletedSuccessfully: true } started
                || (_running is { EndMayCount: true } running && !running.EndHandled.IsCompleted)
                || !_targets.TryGetValue(target.Name, out var known)
                || !ReferenceEquals(known, target))
            {
                return null;
            }

            worker = started.Result;
        }

        return !worker.IsEnding && worker.LoadedVersionOf(target.Name) >= target.Info.Version ? worker : null;
    }

    private static bool IsOutOfMemory(RpcError error) =>
        error.ReadData<RemoteErrorData>()?.Type is "System.OutOfMemoryException" or "System.InsufficientMemoryException";

    private async Task<WorkerProcess> AcquireAsync(LoadedModule target, CancellationToken cancellationToken)
    {
        Task<WorkerProcess> starting;
        while (true)
        {
            Task countedEnd;
            lock (_gate)
            {
                // A worker killed for the module's own fault, or one that crashed, is counted when
                // its process has ended; that end may mark the module failed. A call that comes in
                // between waits for the count (an exit is seen within milliseconds), so it cannot
                // start a worker for a module about to fail.
                countedEnd = _running is { EndMayCount: true } running && !running.EndHandled.IsCompleted ? running.EndHandled : Task.CompletedTask;
            }

            if (countedEnd.IsCompleted)
            {
                break;
            }

            await countedEnd.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            if (_crashLoop.Failure is { } failure)
            {
                if (!_crashLoop.TryRetry())
                {
                    throw new RpcException(RpcErrorCodes.ModuleFailed, failure);
                }

                log.Warning("Module {ModuleName} is tried again after its cool-down (workerFailedCooldownSeconds; failed {Failures} times so far)", module, _crashLoop.Failures);
            }

            if (_closed)
            {
                throw ModuleCalls.NoSuchModule(module);
            }

            // A worker being killed or stopped takes no new call, even before its end is known.
            if (_worker is null || _worker.IsFaulted || _worker.IsCanceled || (_worker.IsCompletedSuccessfully && _worker.Result.IsEnding))
            {
                Starts++;
                _worker = StartWorkerAsync();
            }

            starting = _worker;
            if (!_targets.TryGetValue(target.Name, out var known) || !ReferenceEquals(known, target))
            {
                _targets[target.Name] = target;
            }
        }

        WorkerProcess worker;
        try
        {
            worker = await starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not RpcException)
        {
            log.Error(ex, "Could not start a worker process for {ModuleName}", module);
            throw new RpcException(RpcErrorCodes.WorkerLost, $"Could not start a worker process for module '{module}': {ErrorText.Describe(ex)}");
        }

        await worker.EnsureLoadedAsync(target, settings.StartTimeout, cancellationToken).ConfigureAwait(false);
        return worker;
    }

    private async Task<WorkerProcess> StartWorkerAsync()
    {
        // Off the caller's thread (starting a process blocks for a few milliseconds), and the
        // rest too: callers hold _gate.
        var worker = await Task.Run(() => spares.TakeAsync(module), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        lock (_gate)
        {
            _running = worker;
        }

        worker.OnEnd(end => OnEnded(worker, end));

        // The module may have been removed while this worker started (a restart after a crash).
        StopIfIdle();
        return worker;
    }

    // The same lines the in-process dispatcher writes, with the caller's name: the worker only
    // knows the server as its caller.
    private void LogFailure(JsonRpcMessage request, string caller, RpcError error, TimeSpan timeout, long elapsedMs)
    {
        switch (error.Code)
        {
            case RpcErrorCodes.RequestCancelled:
                log.Information("Call {Method} from {ClientId} {Outcome} after {ElapsedMs} ms", request.Method, caller, "was cancelled", elapsedMs);
                break;
            case RpcErrorCodes.Timeout:
                log.Information("Call {Method} from {ClientId} {Outcome} after {ElapsedMs} ms", request.Method, caller, string.Create(CultureInfo.InvariantCulture, $"passed its deadline of {timeout.TotalMilliseconds:0} ms"), elapsedMs);
                break;
            case RpcErrorCodes.ModuleThrew:
                log.Information("Call {Method} from {ClientId} threw {ExceptionType} after {ElapsedMs} ms", request.Method, caller, error.ReadData<RemoteErrorData>()?.Type, elapsedMs);
                break;
            case RpcErrorCodes.WorkerLost or RpcErrorCodes.ModuleFailed:
                // A storm must not flood the log: the worker's end is one warning with the count of
                // its lost calls (WorkerProcess.LogEndOnce), a module's failure one error; each call
                // that either costs is a Debug line.
                log.Debug("Call {Method} from {ClientId} failed after {ElapsedMs} ms: {Reason}", request.Method, caller, elapsedMs, error.Message);
                break;
        }
    }
}
