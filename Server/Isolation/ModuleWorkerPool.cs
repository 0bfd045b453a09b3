using System.Collections.Concurrent;
using Serilog;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Isolation;

/// <summary>
/// Runs module calls in worker processes, one per module (<c>isolation: process</c>): a crash,
/// a stack overflow, an allocation storm or a call that will not stop costs that module's calls
/// and its worker, never the server or another module. The server still compiles, stores and
/// lists modules; the workers only run them.
/// </summary>
/// <remarks>
/// Workers start on a module's first call and load the version the registry serves at that
/// moment; a newly published version is loaded by a running worker at once. Thread-safe.
/// </remarks>
public sealed class ModuleWorkerPool : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ModuleWorkerSlot> _slots = new(StringComparer.Ordinal);
    private readonly ModuleRegistry _registry;
    private readonly WorkerSettings _settings;
    private readonly ILogger _log;
    private static readonly TimeSpan RssCheckEvery = TimeSpan.FromSeconds(10);
    private readonly Timer? _idleSweep;

    /// <summary>Creates the pool over <paramref name="registry"/>'s modules; starts no process yet.</summary>
    public ModuleWorkerPool(ModuleRegistry registry, WorkerSettings settings, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _settings = settings;
        _log = log;
        registry.CallsRunInWorkers = true;
        if (settings.IdleAfter > TimeSpan.Zero || settings.IdleRssLimitMB > 0)
        {
            // Idle memory is checked at least every 10 s: a worker above workerIdleRssLimitMB at
            // two checks in a row is replaced.
            var every = TimeSpan.FromSeconds(settings.IdleAfter > TimeSpan.Zero ? Math.Clamp(settings.IdleAfter.TotalSeconds / 3, 0.2, 30) : 30);
            if (settings.IdleRssLimitMB > 0 && every > RssCheckEvery)
            {
                every = RssCheckEvery;
            }

            _idleSweep = new Timer(_ => StopIdleWorkers(), null, every, every);
        }

        registry.Published += module =>
        {
            if (_slots.TryGetValue(module.Name, out var slot))
            {
                slot.Refresh(module);
            }
        };
        registry.Removed += name =>
        {
            if (_slots.TryRemove(name, out var slot))
            {
                slot.Close();
            }
        };
    }

    /// <summary>Runs <paramref name="request"/> (a module call) in its module's worker.</summary>
    /// <param name="request">The call, as the caller sent it.</param>
    /// <param name="caller">The client's name, for logs.</param>
    /// <param name="timeout">The call's deadline.</param>
    /// <param name="cancellationToken">Cancelled by <c>$/cancelRequest</c> or when the caller disconnects.</param>
    /// <param name="resumeOnReplyThread">Resume the caller on the worker link's reader (see <see cref="CallDispatcher.DispatchAsync"/>).</param>
    public Task<JsonRpcMessage> DispatchAsync(JsonRpcMessage request, string caller, TimeSpan timeout, CancellationToken cancellationToken, bool resumeOnReplyThread = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = CallDispatcher.ModuleNameOf(request.Method!);
        if (name is null)
        {
            return Task.FromResult(JsonRpcMessage.Failure(request.Id, CallDispatcher.NotAModuleCall(request.Method!).ToError()));
        }

        if (_registry.Find(name) is not { } module)
        {
            return Task.FromResult(JsonRpcMessage.Failure(request.Id, CallDispatcher.NoSuchModule(name).ToError()));
        }

        var slot = _slots.GetOrAdd(name, static (n, pool) => new ModuleWorkerSlot(n, pool._settings, pool._log), this);
        _log.Verbose("Call {Method} from {ClientId} goes to the worker of {ModuleName}", request.Method, caller, name);
        return slot.InvokeAsync(request, caller, module, timeout, cancellationToken, resumeOnReplyThread);
    }

    /// <summary>The modules that have (or had) a worker, ordered by name: for the console and stats.</summary>
    public IReadOnlyList<WorkerStatus> Snapshot() =>
        [.. _slots.Values.OrderBy(s => s.Module, StringComparer.Ordinal).Select(s => new WorkerStatus(s.Module, s.ProcessId, s.Failure, s.Starts, s.Crashes, s.ActiveCalls))];

    /// <summary>
    /// Clears a failed module's failure (the console's <c>reset</c>), so its next call starts a
    /// worker; false when the module is not failed.
    /// </summary>
    public bool Reset(string module) => _slots.TryGetValue(module, out var slot) && slot.Reset();

    /// <summary>
    /// Stops <paramref name="module"/>'s running worker after the calls it runs now (the dashboard's
    /// action); its next call starts a new one. False when none runs.
    /// </summary>
    public bool StopWorker(string module, string reason) => _slots.TryGetValue(module, out var slot) && slot.StopWorker(reason);

    private void StopIdleWorkers()
    {
        foreach (var slot in _slots.Values)
        {
            if (_settings.IdleAfter > TimeSpan.Zero)
            {
                slot.StopIfIdleLongerThan(_settings.IdleAfter);
            }

            if (_settings.IdleRssLimitMB > 0)
            {
                slot.CheckIdleMemory((long)_settings.IdleRssLimitMB << 20);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_idleSweep is not null)
        {
            await _idleSweep.DisposeAsync().ConfigureAwait(false);
        }

        var slots = _slots.Values.ToList();
        _slots.Clear();
        await Task.WhenAll(slots.Select(s => s.StopNowAsync())).ConfigureAwait(false);
    }
}
