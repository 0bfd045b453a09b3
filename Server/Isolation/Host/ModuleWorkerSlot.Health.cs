using System.Globalization;

namespace SimpleRpc.Server.Isolation.Host;

/// <summary>The pool's periodic checks of a worker: idle time, memory, and CPU with no call running.</summary>
internal sealed partial class ModuleWorkerSlot
{
    // A worker's own start (the runtime's JIT, loading its modules) is not work a call left behind.
    private static readonly TimeSpan CpuStartGrace = TimeSpan.FromSeconds(5);

    private WorkerProcess? _cpuWorker;
    private TimeSpan _cpuMark;
    private long _cpuCallsMark = -1;
    private TimeSpan _idleCpu;

    /// <summary>Workers killed because they used more than <see cref="WorkerSettings.IdleCpuBudget"/> with no call running.</summary>
    public int IdleCpuKills { get; private set; }

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


    /// <summary>
    /// Kills the worker (counted like a crash, and replaced at once) when it used more than
    /// <paramref name="budget"/> of CPU since the last of its calls ended, with none running: a
    /// module that left work behind (<c>Task.Run(() => { while (true) { } })</c>, a timer) slows
    /// every other module on the machine. Any call that runs between two checks starts the count again.
    /// </summary>
    public void CheckIdleCpu(TimeSpan budget)
    {
        WorkerProcess? running;
        lock (_gate)
        {
            running = _running;
        }

        var cpu = running is not null && Environment.TickCount64 - running.StartedAt >= (long)CpuStartGrace.TotalMilliseconds ? running.CpuTime() : null;
        string reason;
        lock (_gate)
        {
            var calls = Volatile.Read(ref _callsStarted);
            if (cpu is not { } now || !ReferenceEquals(_running, running) || _activeCalls != 0 || !ReferenceEquals(_cpuWorker, running) || calls != _cpuCallsMark)
            {
                // Another worker, a call running or one that ran since the last check: count afresh.
                _cpuWorker = cpu is null ? null : running;
                _cpuMark = cpu ?? TimeSpan.Zero;
                _cpuCallsMark = calls;
                _idleCpu = TimeSpan.Zero;
                return;
            }

            _idleCpu += now - _cpuMark;
            _cpuMark = now;
            if (_idleCpu <= budget)
            {
                return;
            }

            reason = string.Create(CultureInfo.InvariantCulture, $"it used {_idleCpu.TotalSeconds:0.0} s of CPU with none of its calls running (workerIdleCpuSeconds: {budget.TotalSeconds:0.###}): work a call left running");
            _idleCpu = TimeSpan.Zero;
            _cpuWorker = null;
            IdleCpuKills++;
        }

        running!.Kill(reason, counts: true, "idle_cpu"); // not null: cpu was read from it
    }
}
