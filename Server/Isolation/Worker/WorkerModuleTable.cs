using System.Collections.Concurrent;
using Serilog;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Isolation.Worker;

/// <summary>
/// The modules a worker process serves (one in practice: the server starts a worker per module),
/// each in its own collectible load context, replaced the same way as in-process: new calls see
/// the new version, calls in flight finish on the old one, which then unloads.
/// </summary>
internal sealed class WorkerModuleTable(ILogger log) : IModuleSource
{
    private readonly ConcurrentDictionary<string, LoadedModule> _modules = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public LoadedModule? Find(string name) => _modules.TryGetValue(name, out var module) ? module : null;

    /// <summary>Loads <paramref name="load"/> and makes it the serving version (a no-op if it already is).</summary>
    /// <exception cref="BadImageFormatException">The image is not a loadable assembly.</exception>
    public WorkerLoaded Load(WorkerLoad load)
    {
        lock (_gate)
        {
            if (Find(load.Name) is { } current && current.Info.Version == load.Version)
            {
                return new WorkerLoaded(current.Info.Version, current.Info.Functions);
            }

            var (context, assembly) = ModuleLoadContext.LoadModule(load.Name, load.Version, load.Image);
            var info = new ModuleInfo(load.Name, load.Version, load.Checksum, [], "server", DateTimeOffset.UtcNow);
            var module = new LoadedModule(info, string.Empty, string.Empty, context, assembly);
            module.Unloaded += m => log.Information("Unloaded {ModuleName} v{ModuleVersion}", m.Name, m.Info.Version);
            var previous = Find(load.Name);
            _modules[load.Name] = module;
            previous?.Retire();
            log.Information("Serving {ModuleName} v{ModuleVersion}", load.Name, load.Version);
            return new WorkerLoaded(module.Info.Version, module.Info.Functions);
        }
    }
}
