using SimpleRpc.Protocol.Messages;
using SimpleRpc.Server.Compilation;

namespace SimpleRpc.Server.Modules;

public sealed partial class ModuleRegistry
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _restoring = new(StringComparer.Ordinal);
    private TaskCompletionSource _restored = Completed();
    private int _compiles;

    /// <summary>How many compiles the registry has run (registrations and restores that could not reuse stored bytes).</summary>
    public int Compiles => Volatile.Read(ref _compiles);

    /// <summary>
    /// Reads the store and marks each stored module as on its way: until <see cref="RestoreAsync(IReadOnlyList{StoredModule}, CancellationToken)"/>
    /// has loaded it, calls to it wait for it (<see cref="WhenRestoredAsync"/>) and a sync does not
    /// call it removed (<see cref="IsRestoring"/>). Call once, before accepting connections.
    /// </summary>
    public IReadOnlyList<StoredModule> BeginRestore()
    {
        var stored = _store?.LoadAll() ?? [];
        foreach (var module in stored)
        {
            _restoring[module.Name] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _restored = stored.Count == 0 ? Completed() : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return stored;
    }

    /// <summary>Restores every stored module (<see cref="BeginRestore"/>, then the restore itself).</summary>
    /// <returns>How many modules now serve.</returns>
    public Task<int> RestoreAsync(CancellationToken cancellationToken) => RestoreAsync(BeginRestore(), cancellationToken);

    /// <summary>
    /// Loads the modules <see cref="BeginRestore"/> read, with their version, publisher and time,
    /// so stubs that reconnect find them unchanged. Each serves as soon as it is loaded. A module
    /// whose stored compiled bytes and proxy were built by this compiler under this policy is
    /// loaded from them with no compile (a few milliseconds); the others are compiled again after
    /// those, and their new bytes stored for the next start.
    /// </summary>
    /// <returns>How many modules now serve.</returns>
    public async Task<int> RestoreAsync(IReadOnlyList<StoredModule> stored, CancellationToken cancellationToken)
    {
        var restored = 0;
        var toCompile = new List<(StoredModule Module, string Reason)>();
        try
        {
            foreach (var module in stored)
            {
                var reason = ReuseProblem(module);
                if (reason is null && TryLoadCompiled(module, out reason) is { } loaded)
                {
                    Serve(loaded);
                    restored++;
                    _log.Information("Restored {ModuleName} v{ModuleVersion} registered by {ClientId} from its stored assembly, without a compile", module.Name, module.Version, module.RegisteredBy);
                }
                else
                {
                    toCompile.Add((module, reason!));
                }
            }

            foreach (var (module, reason) in toCompile)
            {
                _log.Information("Compiling stored module {ModuleName} v{ModuleVersion} again: {Reason}", module.Name, module.Version, reason);
                if (await RecompileAsync(module, cancellationToken).ConfigureAwait(false))
                {
                    restored++;
                }
            }
        }
        finally
        {
            foreach (var name in _restoring.Keys)
            {
                Done(name);
            }

            _restored.TrySetResult();
            NativeHeap.Trim();
        }

        return restored;
    }

    /// <summary>Completes when every stored module has been restored or given up on.</summary>
    public Task Restored => _restored.Task;

    /// <summary>True while <paramref name="name"/> is stored but not loaded yet (start-up).</summary>
    public bool IsRestoring(string name) => _restoring.ContainsKey(name);

    /// <summary>Waits, during start-up, until the module that <paramref name="method"/> calls has been restored (or given up on).</summary>
    public Task WhenRestoredAsync(string method, CancellationToken cancellationToken)
    {
        var name = Dispatch.ModuleCalls.ModuleNameOf(method);
        return name is not null && _restoring.TryGetValue(name, out var pending) ? pending.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    private string? ReuseProblem(StoredModule module) => module switch
    {
        { Assembly: null } => "no stored assembly",
        { ProxySource: null } => "no stored proxy",
        _ when module.CompilerVersion != ModuleCompiler.BuildVersion => "it was built by another compiler or server build",
        _ when module.PolicyVersion != _compiler.PolicyVersion => "the module policy changed",
        _ => null,
    };

    private LoadedModule? TryLoadCompiled(StoredModule stored, out string? problem)
    {
        problem = null;
        ModuleLoadContext? context = null;
        try
        {
            (context, var assembly) = ModuleLoadContext.LoadModule(stored.Name, stored.Version, stored.Assembly!);
            var info = new ModuleInfo(stored.Name, stored.Version, stored.Checksum, [], stored.RegisteredBy, stored.RegisteredAt, [.. stored.Warnings ?? []])
            {
                Changes = stored.Changes is { Count: > 0 } changes ? changes : null,
                BrokeCompatibility = stored.BrokeCompatibility ? true : null,
            };
            var module = new LoadedModule(info, stored.Source, stored.ProxySource!, context, assembly, stored.Assembly) { RemovedFunctions = stored.RemovedFunctions };
            module.Unloaded += OnUnloaded;
            return module;
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or TypeLoadException or MissingMemberException or InvalidOperationException or ArgumentException)
        {
            context?.Unload();
            problem = "its stored assembly does not load (" + ex.GetType().Name + ")";
            return null;
        }
    }

    private async Task<bool> RecompileAsync(StoredModule stored, CancellationToken cancellationToken)
    {
        // Measured against nothing (it was published already); the removed functions its proxy
        // declared stay declared.
        var request = new LoadRequest(new ModuleBaseline(stored.Version, null) { Removed = stored.RemovedFunctions }, true, stored);
        var (module, result) = await CompileAndLoadAsync(stored.Name, stored.Source, stored.Checksum, stored.Version, stored.RegisteredBy, stored.RegisteredAt, "restore", request, cancellationToken).ConfigureAwait(false);
        if (module is null)
        {
            _log.Error("Stored module {ModuleName} v{ModuleVersion} no longer compiles and was not restored: {Errors}", stored.Name, stored.Version, string.Join("; ", result.Errors));
            Done(stored.Name);
            return false;
        }

        Serve(module);
        _log.Information("Restored {ModuleName} v{ModuleVersion} registered by {ClientId}", stored.Name, stored.Version, stored.RegisteredBy);
        try
        {
            _store?.Save(Stored(module, result));
        }
        catch (ModuleStoreException ex)
        {
            _log.Warning("Could not store the new compiled assembly of {ModuleName}: {Reason}; the next start compiles it again", stored.Name, ex.Message);
        }

        return true;
    }

    // What the store keeps of a compiled module: its source and everything a restart needs to
    // serve it without compiling.
    private StoredModule Stored(LoadedModule module, CompileResult result) => new(
        module.Name, module.Info.Version, module.Info.Checksum, module.Source, module.Info.RegisteredBy, module.Info.RegisteredAt,
        result.Assembly, ModuleCompiler.BuildVersion, _compiler.PolicyVersion, result.ProxySource, [.. result.Diagnostics.Select(d => d.ToString())])
    {
        Changes = module.Info.Changes,
        BrokeCompatibility = module.Info.BrokeCompatibility == true,
        RemovedFunctions = module.RemovedFunctions,
    };

    // A restored module serves from here on; stubs that synced before it was loaded are told.
    private void Serve(LoadedModule module)
    {
        Swap(module);
        Done(module.Name);
        Published?.Invoke(module);
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private void Done(string name)
    {
        if (_restoring.TryRemove(name, out var pending))
        {
            pending.TrySetResult();
        }
    }

    private async Task<(LoadedModule? Module, CompileResult Result)> CompileAndLoadAsync(
        string name, string source, string checksum, int version, string registeredBy, DateTimeOffset registeredAt, string reason, LoadRequest request, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _compiles);

        // In a compile process (compileIsolation: process) or off this thread in this one; a
        // deadline, a lost compile process or bad source all come back as a failed result.
        var result = await _compiler.CompileAsync(name, source, version, checksum, request.Baseline, cancellationToken).ConfigureAwait(false);
        CountCompile(name, reason, result.Success, started);
        // A refused breaking version is never loaded.
        if (!result.Success || (result.IsBreaking && !request.AllowBreaking))
        {
            return (null, result);
        }

        var (context, assembly) = ModuleLoadContext.LoadModule(name, version, result.Assembly!);
        var changes = request.Restored is { } restored
            ? restored.Changes
            : result.Changes.OrderByDescending(c => c.Class == SurfaceChangeClass.Breaking).Select(c => c.ToString()).ToList();
        var broke = request.Restored?.BrokeCompatibility ?? result.IsBreaking;
        var info = new ModuleInfo(name, version, checksum, [], registeredBy, registeredAt, [.. result.Diagnostics.Select(d => d.ToString())])
        {
            Changes = changes is { Count: > 0 } ? changes : null,
            BrokeCompatibility = broke ? true : null,
        };
        var module = new LoadedModule(info, source, result.ProxySource!, context, assembly, result.Assembly) { RemovedFunctions = result.RemovedFunctions };
        module.Unloaded += OnUnloaded;
        return (module, result);
    }

    private static void CountCompile(string name, string reason, bool success, long started)
    {
        var tags = new System.Diagnostics.TagList { { "module", name }, { "reason", reason }, { "outcome", success ? "ok" : "failed" } };
        Diagnostics.ServerMetrics.Compiles.Add(1, tags);
        Diagnostics.ServerMetrics.CompileDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    // New calls see the new version from here on; the old one unloads after its last call.
    private void Swap(LoadedModule module)
    {
        var previous = _modules.TryGetValue(module.Name, out var existing) ? existing : null;
        _modules[module.Name] = module;
        previous?.Retire();
    }

    /// <summary>What a compile is measured against: the serving version (a publish), or what the store kept (a restore).</summary>
    private sealed record LoadRequest(ModuleBaseline? Baseline, bool AllowBreaking, StoredModule? Restored = null);
}
