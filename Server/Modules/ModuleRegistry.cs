using System.Collections.Concurrent;
using System.Diagnostics;
using Serilog;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Server.Compilation;

namespace SimpleRpc.Server.Modules;

/// <summary>
/// The modules the server hosts, by name. Registering compiles off the caller's thread, one
/// registration at a time, then swaps the new version in atomically: new calls see only it.
/// </summary>
public sealed partial class ModuleRegistry : Dispatch.IModuleSource
{
    private readonly ConcurrentDictionary<string, LoadedModule> _modules = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _registerGate = new(1, 1);
    private readonly IModuleCompileService _compiler;
    private readonly ModuleStore? _store;
    private readonly ILogger _log;

    /// <summary>Creates an empty registry that compiles in this process; with a <paramref name="store"/>, every change is written to disk first.</summary>
    public ModuleRegistry(ModuleCompiler compiler, ILogger log, ModuleStore? store = null)
        : this(new InProcessCompileService(compiler, log), log, store)
    {
    }

    /// <summary>Creates an empty registry that compiles with <paramref name="compiles"/>; with a <paramref name="store"/>, every change is written to disk first.</summary>
    public ModuleRegistry(IModuleCompileService compiles, ILogger log, ModuleStore? store = null)
    {
        _compiler = compiles;
        _log = log;
        _store = store;
    }

    /// <summary>Raised after a module version starts serving (on the registering thread).</summary>
    public event Action<LoadedModule>? Published;

    /// <summary>Raised when an upload did not compile (nothing of it is kept): the dashboard shows its diagnostics. Handlers must not throw.</summary>
    public event Action<FailedPublish>? PublishFailed;

    /// <summary>Raised after a module was removed (on the removing thread).</summary>
    public event Action<string>? Removed;

    /// <summary>Raised when a replaced or removed version's load context was told to unload.</summary>
    public event Action<LoadedModule>? Unloaded;

    /// <summary>The serving version of <paramref name="name"/>, or null.</summary>
    public LoadedModule? Find(string name) => _modules.TryGetValue(name, out var module) ? module : null;

    /// <summary>The serving modules, ordered by name.</summary>
    public IReadOnlyList<LoadedModule> Snapshot() => [.. _modules.Values.OrderBy(m => m.Name, StringComparer.Ordinal)];

    /// <summary>
    /// Compiles <paramref name="source"/> as module <paramref name="name"/>, stores it (when the
    /// registry has a store) and publishes it. Nothing changes when any step fails.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not allowed or clashes with a serving module (<see cref="CheckPublish"/>).</exception>
    /// <exception cref="ModuleStoreException">The module compiled but could not be stored; the old version keeps serving.</exception>
    public Task<RegisterOutcome> RegisterAsync(string name, string source, string checksum, string registeredBy, CancellationToken cancellationToken) =>
        RegisterAsync(name, source, checksum, registeredBy, allowBreaking: false, mayReplaceOthers: true, cancellationToken);

    /// <summary>
    /// Compiles <paramref name="source"/> as module <paramref name="name"/>, compares its public
    /// surface with the serving version's, and stores and publishes it unless that would break the
    /// serving version's callers and <paramref name="allowBreaking"/> is false (then the outcome is
    /// <see cref="RegisterOutcome.RefusedAsBreaking"/> and nothing changes). Nothing changes when any step fails.
    /// </summary>
    /// <param name="name">The module's name.</param>
    /// <param name="source">The module's C# source.</param>
    /// <param name="checksum">Lower-case hex SHA-256 of the uploaded file.</param>
    /// <param name="registeredBy">The client publishing it.</param>
    /// <param name="allowBreaking">Publish even over breaking changes; the version's record then says it broke compatibility.</param>
    /// <param name="mayReplaceOthers">In a cluster, whether the catalogue lets <paramref name="registeredBy"/> replace another client's module (an admin key).</param>
    /// <param name="cancellationToken">Cancels waiting for another registration and the compile.</param>
    /// <exception cref="ArgumentException">The name is not allowed or clashes with a serving module (<see cref="CheckPublish"/>).</exception>
    /// <exception cref="UnauthorizedAccessException">Another client registered the module and <paramref name="mayReplaceOthers"/> is false
    /// (<see cref="CheckPublish"/>; in a cluster, also when another node recorded it meanwhile).</exception>
    /// <exception cref="ModuleStoreException">The module compiled but could not be stored; the old version keeps serving.</exception>
    public async Task<RegisterOutcome> RegisterAsync(string name, string source, string checksum, string registeredBy, bool allowBreaking, bool mayReplaceOthers, CancellationToken cancellationToken)
    {
        // A registration during start-up waits for the stored modules: its version follows theirs.
        await Restored.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _registerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Checked again here: another upload may have been published since this one began.
            CheckPublish(name, registeredBy, mayReplaceOthers);
            var previous = Find(name);
            var version = await NextVersionAsync(name, previous, cancellationToken).ConfigureAwait(false);
            var watch = Stopwatch.StartNew();
            var baseline = previous is null ? null : new ModuleBaseline(previous.Info.Version, previous.Source) { Removed = previous.RemovedFunctions };
            LoadedModule? module;
            CompileResult result;
            for (var attempt = 1; ; attempt++)
            {
                (module, result) = await CompileAndLoadAsync(name, source, checksum, version, registeredBy, DateTimeOffset.UtcNow, "upload", new LoadRequest(baseline, allowBreaking), cancellationToken).ConfigureAwait(false);
                if (module is null || await TryRecordAsync(module, mayReplaceOthers, attempt, cancellationToken).ConfigureAwait(false) is not { } latest)
                {
                    break;
                }

                // Another node recorded this version first: compile again above it.
                version = latest + 1;
            }

            var diagnostics = result.Diagnostics.Select(d => d.ToString()).ToList();
            var changes = result.Changes.OrderByDescending(c => c.Class == SurfaceChangeClass.Breaking).ToList();
            if (result.Success && result.IsBreaking && !allowBreaking)
            {
                _log.Information(
                    "Refused {ModuleName} from {ClientId}: {BreakingCount} breaking changes from v{ModuleVersion}",
                    name,
                    registeredBy,
                    changes.Count(c => c.Class == SurfaceChangeClass.Breaking),
                    previous!.Info.Version);
                return new RegisterOutcome(null, diagnostics) { Changes = changes, RefusedAsBreaking = true, ServingVersion = previous.Info.Version };
            }

            if (module is null)
            {
                _log.Information("Module {ModuleName} from {ClientId} did not compile: {ErrorCount} errors", name, registeredBy, result.Errors.Count());
                PublishFailed?.Invoke(new FailedPublish(name, registeredBy, DateTimeOffset.UtcNow, source, result.Diagnostics));
                return new RegisterOutcome(null, diagnostics);
            }

            try
            {
                _store?.Save(Stored(module, result));
            }
            catch
            {
                module.Retire();
                throw;
            }

            Swap(module);
            if (result.IsBreaking)
            {
                _log.Warning("Published {ModuleName} v{ModuleVersion} from {ClientId} over {BreakingCount} breaking changes, as asked", name, version, registeredBy, changes.Count(c => c.Class == SurfaceChangeClass.Breaking));
            }

            _log.Information("Published {ModuleName} v{ModuleVersion} from {ClientId} in {ElapsedMs} ms", name, version, registeredBy, watch.ElapsedMilliseconds);
            Diagnostics.ServerMetrics.ModulesPublished.Add(1, new KeyValuePair<string, object?>("module", name));
            Published?.Invoke(module);
            return new RegisterOutcome(module, diagnostics) { Changes = changes };
        }
        finally
        {
            _registerGate.Release();

            // Whatever the outcome, the compile left freed native memory in the allocator's arenas.
            NativeHeap.Trim();
        }
    }

    /// <summary>
    /// Removes <paramref name="name"/>; calls already running finish, then its context unloads.
    /// </summary>
    /// <param name="name">The module to remove.</param>
    /// <param name="requestedBy">The client asking, or null for the server's own console (always allowed). Logged, and recorded in a cluster's catalogue.</param>
    /// <param name="mayRemoveOthers">True when <paramref name="requestedBy"/> may remove another client's module (an admin key).</param>
    /// <param name="cancellationToken">Cancels waiting for a registration in progress.</param>
    /// <returns>False when there is no such module.</returns>
    /// <exception cref="UnauthorizedAccessException">Only the client that registered the module (or an admin, or the server console) may remove it.</exception>
    /// <exception cref="ModuleStoreException">The module could not be removed from the disk; it keeps serving.</exception>
    public async Task<bool> RemoveAsync(string name, string? requestedBy, bool mayRemoveOthers, CancellationToken cancellationToken)
    {
        await Restored.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _registerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var module = Find(name);
            if (module is null)
            {
                return false;
            }

            CheckRemove(module, requestedBy, mayRemoveOthers);

            await RecordRemovalAsync(name, requestedBy, cancellationToken).ConfigureAwait(false);
            _store?.Delete(name);
            _modules.TryRemove(name, out _);
            module.Retire();
            _log.Information("Removed {ModuleName} v{ModuleVersion} at the request of {ClientId}", name, module.Info.Version, requestedBy ?? ServerConsole);
            Removed?.Invoke(name);
            return true;
        }
        finally
        {
            _registerGate.Release();
        }
    }

    /// <summary>
    /// True when module calls run in worker processes (<c>isolation: process</c>): the registry's
    /// load contexts then only describe modules (their function tables), and the workers unload
    /// their own copies. Set by whoever creates the registry; it changes only what the log says.
    /// </summary>
    public bool CallsRunInWorkers { get; init; }

    private void OnUnloaded(LoadedModule module)
    {
        if (CallsRunInWorkers)
        {
            _log.Information("Released the server's description of {ModuleName} v{ModuleVersion}; its worker unloads it after its calls", module.Name, module.Info.Version);
        }
        else
        {
            _log.Information("Unloaded {ModuleName} v{ModuleVersion}", module.Name, module.Info.Version);
        }

        Unloaded?.Invoke(module);
    }
}
