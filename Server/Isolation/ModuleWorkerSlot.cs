using Serilog;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Isolation;

/// <summary>
/// The worker of one module: starts it on the first call, starts a new one after it ended, and
/// marks the module failed when its workers end because of it <see cref="WorkerSettings.MaxCrashes"/>
/// times within <see cref="WorkerSettings.CrashWindow"/>, so a module that kills its worker on
/// every call is not restarted in a tight loop; a failed module is tried again after a cool-down
/// (<see cref="CrashLoop"/>). Replaces a worker that a call left out of memory, or that holds
/// more than <see cref="WorkerSettings.IdleRssLimitMB"/> while idle.
/// </summary>
/// <remarks>Thread-safe; nothing waits or does I/O while holding the lock.</remarks>
internal sealed partial class ModuleWorkerSlot(string module, WorkerSettings settings, ILogger log)
{
    // How long after a call's deadline the server waits for its worker's answer before it
    // stops the worker: the worker's own deadline answer takes the cancel grace (250 ms) at most.
    private static readonly TimeSpan Backstop = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly CrashLoop _crashLoop = new(module, settings.MaxCrashes, settings.CrashWindow, settings.FailedCooldown, TimeProvider.System);
    private Task<WorkerProcess>? _worker;
    private WorkerProcess? _running;
    private int _rssChecksOver;
    private LoadedModule? _target;
    private bool _closed;
    private int _activeCalls;
    private long _lastCallEnded = Environment.TickCount64;

    /// <summary>The module's name.</summary>
    public string Module => module;

    /// <summary>Why the module is failed, or null while it serves.</summary>
    public string? Failure
    {
        get
        {
            lock (_gate)
            {
                return _crashLoop.Failure;
            }
        }
    }

    /// <summary>Workers started for this module since the server started.</summary>
    public int Starts { get; private set; }

    /// <summary>Abnormal worker ends since the server started.</summary>
    public int Crashes { get; private set; }

    /// <summary>Calls running now.</summary>
    public int ActiveCalls => Volatile.Read(ref _activeCalls);

    /// <summary>The running worker's process id, or null when none is running.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _running?.ProcessId;
            }
        }
    }

    /// <summary>A new version was published: clears a failure, and has a running worker load it now.</summary>
    public void Refresh(LoadedModule published)
    {
        WorkerProcess? running;
        lock (_gate)
        {
            _crashLoop.Reset();
            _target = published;
            running = _running;
        }

        if (running is not null)
        {
            _ = PreloadAsync(running, published);
        }
    }

    /// <summary>Clears a failure (the console's <c>reset</c>): the next call starts a worker; true when the module was failed.</summary>
    public bool Reset()
    {
        bool wasFailed;
        lock (_gate)
        {
            wasFailed = _crashLoop.Reset();
        }

        if (wasFailed)
        {
            log.Warning("Module {ModuleName} was reset from the server console: its next call starts a worker", module);
        }

        return wasFailed;
    }

    /// <summary>
    /// Replaces <paramref name="worker"/> if it still serves: new calls go to a new worker, and it
    /// stops after the calls it runs now.
    /// </summary>
    /// <param name="worker">The worker to replace.</param>
    /// <param name="reason">Why, for the log.</param>
    /// <param name="kind">The reason as a short metric tag.</param>
    public void Recycle(WorkerProcess worker, string reason, string kind)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_running, worker))
            {
                DetachRunning();
            }
        }

        worker.Recycle(reason, kind);
    }

    /// <summary>
    /// Replaces the worker when its resident memory was above <paramref name="limitBytes"/> at this
    /// check and the one before, with none of the module's calls running at either.
    /// </summary>
    public void CheckIdleMemory(long limitBytes)
    {
        WorkerProcess? running;
        lock (_gate)
        {
            running = _activeCalls == 0 ? _running : null;
            if (running is null)
            {
                _rssChecksOver = 0;
                return;
            }
        }

        var rss = running.ResidentBytes();
        lock (_gate)
        {
            if (rss is not { } bytes || bytes <= limitBytes || _activeCalls != 0 || !ReferenceEquals(_running, running))
            {
                _rssChecksOver = 0;
                return;
            }

            if (++_rssChecksOver < 2)
            {
                return;
            }

            _rssChecksOver = 0;
        }

        Recycle(running, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"its resident memory stayed above {limitBytes >> 20} MB (workerIdleRssLimitMB) with no call running ({rss.Value >> 20} MB)"), "idle_memory");
    }

    /// <summary>The module was removed: no new calls; the worker stops after the calls running now.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }

        StopIfIdle();
    }

    /// <summary>Stops the worker now (server shutdown): closes its input, kills it after a few seconds.</summary>
    public Task StopNowAsync()
    {
        WorkerProcess? running;
        lock (_gate)
        {
            _closed = true;
            running = DetachRunning();
        }

        return running?.StopAsync(TimeSpan.FromSeconds(5)) ?? Task.CompletedTask;
    }

    /// <summary>Stops the worker if no call ran for <see cref="WorkerSettings.IdleAfter"/>; the next call starts a new one.</summary>
    public void StopIfIdleLongerThan(TimeSpan idle)
    {
        WorkerProcess? running;
        lock (_gate)
        {
            // Calls count themselves before they take the lock to find the worker, so a call
            // either sees no worker (and starts one) or keeps this one from being stopped.
            if (_activeCalls != 0 || _running is null || Environment.TickCount64 - Volatile.Read(ref _lastCallEnded) < (long)idle.TotalMilliseconds)
            {
                return;
            }

            running = DetachRunning()!; // not null: checked just above, under the same lock
        }

        log.Information("Stopping worker process {ProcessId} of {ModuleName}: no call for {Seconds} s (workerIdleSeconds)", running.ProcessId, module, idle.TotalSeconds);
        _ = running.StopAsync(TimeSpan.FromSeconds(5));
    }

    private async Task PreloadAsync(WorkerProcess worker, LoadedModule published)
    {
        try
        {
            await worker.EnsureLoadedAsync(published, settings.StartTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            log.Warning("Worker {ProcessId} did not load {ModuleName} v{ModuleVersion} ahead of calls: {Reason}", worker.ProcessId, module, published.Info.Version, ex.Message);
        }
    }

    private void StopIfIdle()
    {
        WorkerProcess? running;
        lock (_gate)
        {
            if (!_closed || _activeCalls != 0 || _running is null)
            {
                return;
            }

            running = DetachRunning()!; // not null: checked just above, under the same lock
        }

        _ = running.StopAsync(TimeSpan.FromSeconds(5));
    }

    // Under _gate: the slot forgets its worker (the next call, or a restart, starts another).
    private WorkerProcess? DetachRunning()
    {
        var running = _running;
        _running = null;
        _worker = null;
        return running;
    }

    private void OnEnded(WorkerProcess worker, WorkerEnd end)
    {
        string? failedNow = null;
        (Task<WorkerProcess> Worker, LoadedModule Target)? restart = null;
        lock (_gate)
        {
            if (ReferenceEquals(_running, worker))
            {
                DetachRunning();
            }

            if (!(end.Abnormal || end.Unexpected) || _closed)
            {
                return;
            }

            // Only the ends the module caused count; a kill from outside is replaced, not counted.
            Diagnostics.ServerMetrics.WorkerCrashes.Add(1, new KeyValuePair<string, object?>("module", module), new KeyValuePair<string, object?>("cause", end.Abnormal ? "module" : "outside"));
            if (end.Abnormal)
            {
                Crashes++;
                failedNow = _crashLoop.Crashed(end.Description);
            }

            if (_crashLoop.Failure is null && _worker is null && _target is { } target)
            {
                // A crashed worker is replaced at once, so the module's next call need not wait
                // for a process to start; the crash count above keeps this from looping.
                Starts++;
                _worker = Task.Run(StartWorker, CancellationToken.None);
                restart = (_worker, target);
                Diagnostics.ServerMetrics.WorkerRestarts.Add(1, new KeyValuePair<string, object?>("module", module));

                // A replacement is not idle yet: it gets a full workerIdleSeconds.
                Volatile.Write(ref _lastCallEnded, Environment.TickCount64);
            }
        }

        if (failedNow is not null)
        {
            log.Error("{Failure}", failedNow);
        }

        if (restart is { } next)
        {
            _ = RestartAsync(next.Worker, next.Target);
        }
    }

    private async Task RestartAsync(Task<WorkerProcess> starting, LoadedModule target)
    {
        try
        {
            await PreloadAsync(await starting.ConfigureAwait(false), target).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.Error(ex, "Could not restart the worker process of {ModuleName}; its next call tries again", module);
        }
    }
}
