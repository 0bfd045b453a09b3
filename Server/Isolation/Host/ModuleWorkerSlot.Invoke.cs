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
    /// <paramref name="target"/>'s version, and returns the reply for the caller's id. Never throws:
    /// a worker that could not start, ended during the call, or did not answer in time becomes an error reply.
    /// </summary>
    public async Task<JsonRpcMessage> InvokeAsync(JsonRpcMessage request, string caller, LoadedModule target, TimeSpan timeout, CancellationToken cancellationToken, bool resumeOnReplyThread = false)
    {
        var watch = Stopwatch.StartNew();
        Interlocked.Increment(ref _activeCalls);
        Interlocked.Increment(ref _callsStarted);
        try
        {
            JsonRpcMessage reply;
            try
            {
                var worker = await AcquireAsync(target, cancellationToken).ConfigureAwait(false);
                reply = await CallAsync(worker, request, timeout, cancellationToken, resumeOnReplyThread).ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                reply = JsonRpcMessage.Failure(request.Id, ex.ToError());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled while its worker was starting or loading the module.
                reply = ModuleCalls.Cancelled(request);
            }

            if (reply.Error is { } error)
            {
                LogFailure(request, caller, error, timeout, watch.ElapsedMilliseconds);
            }

            return reply;
        }
        finally
        {
            Volatile.Write(ref _lastCallEnded, Environment.TickCount64);
            Interlocked.Decrement(ref _activeCalls);
            StopIfIdle();
        }
    }

    private async Task<JsonRpcMessage> CallAsync(WorkerProcess worker, JsonRpcMessage request, TimeSpan timeout, CancellationToken cancellationToken, bool resumeOnReplyThread)
    {
        var deadlineMs = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);

        // The params travel as the caller sent them: the worker binds them to the function.
        var trace = Diagnostics.ServerTracing.Forward(request);
        var forward = request.Forward(RpcId.None, deadlineMs, trace.Parent, trace.State);
        JsonRpcMessage reply;
        worker.CallStarted();
        var lost = false;
        try
        {
            // The reply resumes this on the pool unless the caller said its code after the await
            // only sends the reply on (a stub's call): whoever else awaits a call may block after
            // it (the server console goes back to reading its input), and a blocked read loop
            // stops every reply of the module; StubConsoleCallTests hung on that. The backstop
            // past the worker's own deadline is the link's deadline sweep: no timer or token
            // source per call.
            reply = await worker.Connection.SendRequestAsync(forward, timeout + Backstop, mayShareWrite: true, cancellationToken, resumeOnReplyThread).ConfigureAwait(false);
            lost = reply.Error is { Code: RpcErrorCodes.ConnectionLost };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker was told ($/cancelRequest); if the function will not stop, the worker
            // says so and is stopped (WorkerProcess.OnWorkerMessageAsync).
            return ModuleCalls.Cancelled(request);
        }
        catch (OperationCanceledException)
        {
            worker.Kill(string.Create(CultureInfo.InvariantCulture, $"it did not answer a call to {request.Method} within its deadline of {deadlineMs} ms and {Backstop.TotalSeconds:0} s more"), counts: true, "deadline");
            return JsonRpcMessage.Failure(request.Id, new RpcError(RpcErrorCodes.Timeout, string.Create(CultureInfo.InvariantCulture, $"The call to {request.Method} passed its deadline of {deadlineMs} ms; the module's worker did not answer and was stopped.")));
        }
        finally
        {
            worker.CallEnded(lost);
        }

        if (reply.Error is { Code: RpcErrorCodes.ConnectionLost })
        {
            var why = await worker.DescribeEndAsync().ConfigureAwait(false);
            return JsonRpcMessage.Failure(request.Id, new RpcError(RpcErrorCodes.WorkerLost, $"The call to {request.Method} was lost: the worker process of module '{module}' ended during it ({why}). A new worker replaces it."));
        }

        if (reply.Error is { Code: RpcErrorCodes.ModuleThrew } thrown && IsOutOfMemory(thrown))
        {
            // What the call allocated may stay with the process long after the collector freed it
            // (hundreds of MB until the idle stop): the next calls get a fresh worker.
            Recycle(worker, $"a call to {request.Method} ran out of memory (OutOfMemoryException); a new worker serves the next calls", "out_of_memory");
        }

        return reply.ReplyAs(request.Id);
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
