using System.Diagnostics;
using System.Globalization;
using SimpleRpc.Server.Compilation;

namespace SimpleRpc.Server.Admin;

/// <summary>
/// A snapshot of what the server holds: serving modules, calls running on them, module load contexts still alive
/// (serving plus replaced ones the GC has not collected yet), loaded assemblies, memory, the
/// worker processes running modules (<c>isolation: process</c>; their calls count in <c>Calls</c>), and
/// the bytes this process has allocated since it started (<c>bench/CallPath</c> reads it before and
/// after a phase for bytes per call; a worker's allocations are its own and not in it).
/// </summary>
public sealed record ServerStats(int Modules, int Calls, int ModuleContexts, int Assemblies, long ManagedBytes, long WorkingSetBytes, int Workers, long AllocatedBytes)
{
    /// <summary>
    /// Collects the figures; forces full, blocking GCs first (up to <see cref="MaxCollections"/>, while
    /// more contexts than serving modules are alive) so that dead contexts are not counted.
    /// </summary>
    public static ServerStats Capture(ServerHost host)
    {
        // Read first, so the snapshot's own allocations fall after it (the same for every capture).
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var modules = host.Modules.Snapshot();

        // An unloaded context takes a few collections to go: its loader allocator is freed by a
        // finalizer, and only the next collection frees the context. Two left 3 to 6 of them.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        for (var i = 0; i < MaxCollections && ModuleLoadContext.CountAlive() > modules.Count; i++)
        {
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        using var process = Process.GetCurrentProcess();
        var workers = host.Workers?.Snapshot() ?? [];
        return new ServerStats(
            modules.Count,
            modules.Sum(m => m.ActiveCalls) + workers.Sum(w => w.ActiveCalls),
            ModuleLoadContext.CountAlive(),
            AppDomain.CurrentDomain.GetAssemblies().Length,
            GC.GetTotalMemory(forceFullCollection: false),
            process.WorkingSet64,
            workers.Count(w => w.ProcessId is not null),
            allocated);
    }

    /// <summary>How many more full collections <see cref="Capture"/> may force while unloaded contexts are still alive.</summary>
    public const int MaxCollections = 8;

    /// <summary>One line, for the console and for scripts: <c>stats: modules=1 calls=0 contexts=1 assemblies=80 managedMB=12.3 workingSetMB=95.1 workers=1 allocatedBytes=123456789</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"stats: modules={Modules} calls={Calls} contexts={ModuleContexts} assemblies={Assemblies} managedMB={ManagedBytes / 1048576.0:0.0} workingSetMB={WorkingSetBytes / 1048576.0:0.0} workers={Workers} allocatedBytes={AllocatedBytes}");
}
