using SimpleRpc.Protocol.Messages;
using SimpleRpc.Server.Compilation;

namespace SimpleRpc.Server.Modules;

public sealed partial class ModuleRegistry
{
    /// <summary>
    /// Loads every module the store kept, with its version, publisher and time, so stubs that
    /// reconnect find them unchanged. Call once, before accepting connections.
    /// </summary>
    /// <returns>How many modules now serve.</returns>
    public async Task<int> RestoreAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return 0;
        }

        var restored = 0;
        foreach (var stored in _store.LoadAll())
        {
            // The proxy comes from the semantic model, so a restore compiles again (a warm
            // compile is tens of milliseconds, ../shared/FACTS.md); the stored bytes are kept for
            // a later start-up that can use them.
            var (module, result) = await CompileAndLoadAsync(stored.Name, stored.Source, stored.Checksum, stored.Version, stored.RegisteredBy, stored.RegisteredAt, "restore", new LoadRequest(new ModuleBaseline(stored.Version, null) { Removed = stored.RemovedFunctions }, true, stored), cancellationToken).ConfigureAwait(false);
            if (module is null)
            {
                _log.Error("Stored module {ModuleName} v{ModuleVersion} no longer compiles and was not restored: {Errors}", stored.Name, stored.Version, string.Join("; ", result.Errors));
                continue;
            }

            Swap(module);
            restored++;
            _log.Information("Restored {ModuleName} v{ModuleVersion} registered by {ClientId}", stored.Name, stored.Version, stored.RegisteredBy);
        }

        return restored;
    }

    // How long past its deadline a compile may take to notice it before the registry stops waiting.
    private static readonly TimeSpan CompileGrace = TimeSpan.FromSeconds(5);

    private async Task<(LoadedModule? Module, CompileResult Result)> CompileAndLoadAsync(
        string name, string source, string checksum, int version, string registeredBy, DateTimeOffset registeredAt, string reason, LoadRequest request, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // The compiler stops itself at its deadline; should a phase of it not look at its token,
        // the upload (or the start-up) still gets its answer a little later, and the thread is
        // left to finish on its own (in-process work cannot be stopped).
        var compile = Task.Run(() => _compiler.CompileAgainst(name, source, version, checksum, request.Baseline, cancellationToken), cancellationToken);
        CompileResult result;
        try
        {
            result = await compile.WaitAsync(_compiler.Timeout + CompileGrace, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.Error("Compile of {ModuleName} v{ModuleVersion} did not stop at its deadline of {Seconds} s (compileTimeoutSeconds); the module is refused and the compile is left to end on its own", name, version, _compiler.Timeout.TotalSeconds);
            result = _compiler.TimedOutResult(name);
        }

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
