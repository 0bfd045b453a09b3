using Serilog;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Isolation.Host;

/// <summary>
/// The worker of one module, or with <c>workerSharing: publisher</c> of every module one client
/// registered: takes a spare or starts a worker on the first call, starts a new one after it ended,
/// and marks the module (or the publisher's modules) failed when its workers end because of them
/// <see cref="WorkerSettings.MaxCrashes"/> times within <see cref="WorkerSettings.CrashWindow"/>, so
/// a module that kills its worker on every call is not restarted in a tight loop; a failed module
/// is tried again after a cool-down (<see cref="CrashLoop"/>). Replaces a worker that a call left out
/// of memory, that holds more than <see cref="WorkerSettings.IdleRssLimitMB"/> while idle, or that
/// burns CPU with no call running (<see cref="WorkerSettings.IdleCpuBudget"/>).
/// </summary>
/// <remarks>Thread-safe; nothing waits or does I/O while holding the lock.</remarks>
/// <param name="module">The module's name, or the publisher's whose modules share the worker (<see cref="WorkerSettings.WorkerKeyOf"/>).</param>
/// <param name="settings">The workers' limits.</param>
/// <param name="spares">Where workers come from.</param>
/// <param name="log">The server's log.</param>
internal sealed partial class ModuleWorkerSlot(string module, WorkerSettings settings, WorkerSpares spares, ILogger log)
{
    // How long after a call's deadline the server waits for its worker's answer before it
    // stops the worker: the worker's own deadline answer takes the cancel grace (250 ms) at most.
    private static readonly TimeSpan Backstop = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly CrashLoop _crashLoop = new(WorkerSettings.NameOf(module), settings.MaxCrashes, settings.CrashWindow, settings.FailedCooldown, TimeProvider.System, settings.SharePerPublisher);
    private readonly Dictionary<string, LoadedModule> _targets = new(StringComparer.Ordinal);
    private Task<WorkerProcess>? _worker;
    private WorkerProcess? _running;

    private int _rssChecksOver;
    private bool _closed;
    private int _activeCalls;
    private long _callsStarted;
    private long _lastCallEnded = Environment.TickCount64;

    /// <summary>The module's name, or the publisher's whose modules share the worker.</summary>
    public string Module => module;

    /// <summary>The modules this worker serves, ordered by name.</summary>
    public IReadOnlyList<string> Modules
    {
        get
        {
            lock (_gate)
            {
                return [.. _targets.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

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
            _targets[published.Name] = published;
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
    /// <paramref name="name"/> was removed from a shared worker: a worker that loaded it is replaced
    /// (after the calls it runs now), so that none of its code or threads stay behind.
    /// </summary>
    public void Remove(string name)
    {
        WorkerProcess? running;
        lock (_gate)
        {
            if (!_targets.Remove(name))
            {
                return;
            }

            running = _running is { } worker && worker.LoadedVersionOf(name) > 0 ? worker : null;
        }

        if (running is not null)
        {
            Recycle(running, $"module {name}, which it had loaded, was removed", "module_removed");
        }
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
        (Task<WorkerProcess> Worker, LoadedModule[] Targets)? restart = null;
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

            if (_crashLoop.Failure is null && _worker is null && _targets.Count > 0)
            {
                // A crashed worker is replaced at once, so the module's next call need not wait
                // for a process to start; the crash count above keeps this from looping.
                Starts++;
                _worker = StartWorkerAsync();
                restart = (_worker, [.. _targets.Values]);
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
            _ = RestartAsync(next.Worker, next.Targets);
        }
    }

    private async Task RestartAsync(Task<WorkerProcess> starting, LoadedModule[] targets)
    {
        try
        {
            var worker = await starting.ConfigureAwait(false);
            foreach (var target in targets)
            {
                await PreloadAsync(worker, target).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.Error(ex, "Could not restart the worker process of {ModuleName}; its next call tries again", module);
        }
    }
}
