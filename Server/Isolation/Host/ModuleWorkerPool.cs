using System.Collections.Concurrent;
using Serilog;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Isolation.Host;

/// <summary>
/// Runs module calls in worker processes (<c>isolation: process</c>), one per module or, with
/// <c>workerSharing: publisher</c>, one per publisher: a crash, a stack overflow, an allocation
/// storm or a call that will not stop costs that worker's calls and the worker, never the server
/// or another worker's modules. The server still compiles, stores and lists modules; the workers
/// only run them.
/// </summary>
/// <remarks>
/// A module's worker starts on its first call (taking a spare, <c>workerSpares</c>, when one is
/// ready) and loads the version the registry serves at that moment; a newly published version is
/// loaded by a running worker at once. Thread-safe. The server's side of isolation: the worker's
/// own program is <see cref="Worker.WorkerProgram"/>. The registry is told that calls run here by
/// whoever creates both (<see cref="ModuleRegistry.CallsRunInWorkers"/>), not by this constructor.
/// </remarks>
public sealed class ModuleWorkerPool : IModuleInvoker, IAsyncDisposable
{
    private static readonly TimeSpan RssCheckEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CpuCheckEvery = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, ModuleWorkerSlot> _slots = new(StringComparer.Ordinal);
    private readonly ModuleRegistry _registry;
    private readonly WorkerSettings _settings;
    private readonly WorkerSpares _spares;
    private readonly ILogger _log;
    private readonly Timer? _sweep;
    private readonly long _idleEveryMs;
    private long _lastIdleSweep = Environment.TickCount64;

    /// <summary>Creates the pool over <paramref name="registry"/>'s modules, and starts its spare workers.</summary>
    public ModuleWorkerPool(ModuleRegistry registry, WorkerSettings settings, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(settings);
        _registry = registry;
        _settings = settings;
        _log = log;
        _spares = new WorkerSpares(settings, log);

        // Idle time and memory are checked at least every 10 s (a worker above
        // workerIdleRssLimitMB at two checks in a row is replaced); CPU with no call running every second.
        var idleEvery = TimeSpan.FromSeconds(settings.IdleAfter > TimeSpan.Zero ? Math.Clamp(settings.IdleAfter.TotalSeconds / 3, 0.2, 30) : 30);
        if (settings.IdleRssLimitMB > 0 && idleEvery > RssCheckEvery)
        {
            idleEvery = RssCheckEvery;
        }

        _idleEveryMs = (long)idleEvery.TotalMilliseconds;
        var checksIdle = settings.IdleAfter > TimeSpan.Zero || settings.IdleRssLimitMB > 0;
        var every = settings.IdleCpuBudget > TimeSpan.Zero && (!checksIdle || CpuCheckEvery < idleEvery) ? CpuCheckEvery : idleEvery;
        if (checksIdle || settings.IdleCpuBudget > TimeSpan.Zero)
        {
            _sweep = new Timer(_ => Sweep(), null, every, every);
        }

        registry.Published += module =>
        {
            var key = _settings.WorkerKeyOf(module.Name, module.Info.RegisteredBy);
            if (_slots.TryGetValue(key, out var slot))
            {
                slot.Refresh(module);
            }

            if (_settings.SharePerPublisher)
            {
                // Published again by another client (an admin key): it moves to that one's worker.
                foreach (var other in _slots)
                {
                    if (other.Key != key)
                    {
                        other.Value.Remove(module.Name);
                    }
                }
            }
        };
        registry.Removed += name =>
        {
            if (!_settings.SharePerPublisher)
            {
                if (_slots.TryRemove(name, out var slot))
                {
                    slot.Close();
                }

                return;
            }

            // A publisher's worker stays for its other modules (and is replaced, so that none of
            // the removed module's code stays loaded in it).
            foreach (var shared in _slots.Values)
            {
                shared.Remove(name);
            }
        };
        _spares.Fill();
    }

    /// <inheritdoc/>
    /// <remarks>The call runs in its module's worker, started (or taken from the spares) on its first call.</remarks>
    public Task<JsonRpcMessage> InvokeAsync(JsonRpcMessage request, string caller, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var completion = new CallCompletionSource();
        Invoke(request, caller, timeout, cancellationToken, completion);
        return completion.Task;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The call runs in its module's worker, started (or taken from the spares) on its first call;
    /// the worker's answer completes <paramref name="completion"/> on the thread that read it.
    /// </remarks>
    public void Invoke(JsonRpcMessage request, string caller, TimeSpan timeout, CancellationToken cancellationToken, ICallCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(completion);
        var name = ModuleCalls.ModuleNameOf(request.Method!);
        if (name is null)
        {
            completion.Complete(JsonRpcMessage.Failure(request.Id, ModuleCalls.NotAModuleCall(request.Method!).ToError()));
            return;
        }

        if (_registry.Find(name) is not { } module)
        {
            completion.Complete(JsonRpcMessage.Failure(request.Id, ModuleCalls.NoSuchModule(name).ToError()));
            return;
        }

        var slot = _slots.GetOrAdd(_settings.WorkerKeyOf(name, module.Info.RegisteredBy), static (key, pool) => new ModuleWorkerSlot(key, pool._settings, pool._spares, pool._log), this);
        _log.Verbose("Call {Method} from {ClientId} goes to the worker of {ModuleName}", request.Method, caller, name);
        slot.Invoke(request, caller, module, timeout, cancellationToken, completion);
    }

    /// <summary>The modules that have (or had) a worker, ordered by name: for the console and stats.</summary>
    public IReadOnlyList<WorkerStatus> Snapshot() =>
        [.. _slots.Values.OrderBy(s => s.Module, StringComparer.Ordinal).Select(s => new WorkerStatus(s.Module, s.ProcessId, s.Failure, s.Starts, s.Crashes, s.ActiveCalls)
        {
            Modules = _settings.SharePerPublisher ? s.Modules : [s.Module],
            SharedByPublisher = _settings.SharePerPublisher,
            IdleCpuKills = s.IdleCpuKills,
        })];

    /// <summary>
    /// Clears a failed module's failure (the console's <c>reset</c>; with <c>workerSharing:
    /// publisher</c>, the failure of every module sharing its worker), so its next call starts a
    /// worker; false when the module is not failed.
    /// </summary>
    public bool Reset(string module) => SlotOf(module) is { } slot && slot.Reset();

    /// <summary>
    /// Stops <paramref name="module"/>'s running worker after the calls it runs now (the dashboard's
    /// action); its next call starts a new one. False when none runs. A worker shared by a
    /// publisher's modules stops for all of them.
    /// </summary>
    public bool StopWorker(string module, string reason) => SlotOf(module) is { } slot && slot.StopWorker(reason);

    // The slot that serves a module: its own, or its publisher's (workerSharing: publisher).
    private ModuleWorkerSlot? SlotOf(string module)
    {
        var key = _settings.SharePerPublisher ? (_registry.Find(module) is { } found ? _settings.WorkerKeyOf(module, found.Info.RegisteredBy) : null) : module;
        return key is not null && _slots.TryGetValue(key, out var slot) ? slot : null;
    }

    private void Sweep()
    {
        var idleDue = Environment.TickCount64 - _lastIdleSweep >= _idleEveryMs - 50;
        if (idleDue)
        {
            _lastIdleSweep = Environment.TickCount64;
        }

        foreach (var slot in _slots.Values)
        {
            if (_settings.IdleCpuBudget > TimeSpan.Zero)
            {
                slot.CheckIdleCpu(_settings.IdleCpuBudget);
            }

            if (idleDue && _settings.IdleAfter > TimeSpan.Zero)
            {
                slot.StopIfIdleLongerThan(_settings.IdleAfter);
            }

            if (idleDue && _settings.IdleRssLimitMB > 0)
            {
                slot.CheckIdleMemory((long)_settings.IdleRssLimitMB << 20);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_sweep is not null)
        {
            await _sweep.DisposeAsync().ConfigureAwait(false);
        }

        await _spares.DisposeAsync().ConfigureAwait(false);

        var slots = _slots.Values.ToList();
        _slots.Clear();
        await Task.WhenAll(slots.Select(s => s.StopNowAsync())).ConfigureAwait(false);
    }
}
