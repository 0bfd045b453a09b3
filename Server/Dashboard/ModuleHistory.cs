using System.Collections.Concurrent;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// What the modules page shows beyond the registry's current versions: the versions published
/// (at most <see cref="MaxVersions"/> per module, with who published them, when, their source and
/// proxy) and each module's last failed publish with its diagnostics.
/// </summary>
/// <remarks>
/// Thread-safe. With a <see cref="ModuleHistoryStore"/> the versions survive a restart (written on
/// each publish, read back at start); failed publishes are kept in memory only. Versions are
/// recorded while the dashboard runs; a version serving at start that the history lacks is added then.
/// </remarks>
public sealed class ModuleHistory : IDisposable
{
    /// <summary>The most versions kept per module.</summary>
    public const int MaxVersions = 10;

    private readonly ModuleRegistry _registry;
    private readonly ModuleHistoryStore? _store;
    private readonly ConcurrentDictionary<string, List<ModuleVersion>> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FailedPublish> _failures = new(StringComparer.Ordinal);

    /// <summary>
    /// Follows <paramref name="registry"/>'s publishes from now on, starting with what
    /// <paramref name="store"/> kept (when given) and the versions the registry serves.
    /// </summary>
    public ModuleHistory(ModuleRegistry registry, ModuleHistoryStore? store = null)
    {
        _registry = registry;
        _store = store;
        foreach (var (module, versions) in store?.LoadAll() ?? new Dictionary<string, List<ModuleVersion>>())
        {
            _versions[module] = [.. versions.OrderByDescending(v => v.Version).Take(MaxVersions)];
        }

        _registry.Published += Add;
        _registry.PublishFailed += OnFailed;
        foreach (var module in registry.Snapshot())
        {
            Add(module);
        }
    }

    /// <summary>The versions kept for <paramref name="module"/>, newest first.</summary>
    public IReadOnlyList<ModuleVersion> Versions(string module)
    {
        if (!_versions.TryGetValue(module, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list.OrderByDescending(v => v.Version)];
        }
    }

    /// <summary>When <paramref name="module"/>'s <paramref name="version"/> started serving, if it is kept.</summary>
    public DateTimeOffset? ServingSince(string module, int version) =>
        Versions(module).FirstOrDefault(v => v.Version == version)?.ServingSince;

    /// <summary>The last upload of <paramref name="module"/> that did not compile, or null.</summary>
    public FailedPublish? LastFailure(string module) => _failures.GetValueOrDefault(module);

    /// <summary>The modules with a failed publish kept (also those that never compiled).</summary>
    public IReadOnlyCollection<string> FailedModules => [.. _failures.Keys];

    private void Add(LoadedModule module)
    {
        var list = _versions.GetOrAdd(module.Name, static _ => []);
        lock (list)
        {
            if (list.Any(v => v.Version == module.Info.Version && v.Checksum == module.Info.Checksum && v.PublishedAt == module.Info.RegisteredAt))
            {
                return;
            }

            // A module unregistered before a restart starts again at v1: what is kept of that
            // number and later ones is of its earlier life (Add_NumberingStartsAgain_…).
            list.RemoveAll(v => v.Version >= module.Info.Version);

            var added = new ModuleVersion(module.Info.Version, module.Info.Checksum, module.Info.RegisteredBy, module.Info.RegisteredAt, module.Source, module.ProxySource, DateTimeOffset.UtcNow);
            list.Add(added);
            if (list.Count > MaxVersions)
            {
                list.Remove(list.MinBy(v => v.Version)!);
            }

            // Under the list's lock: two writes of one module's history never interleave.
            _store?.Save(module.Name, added, list);
        }
    }

    private void OnFailed(FailedPublish failure) => _failures[failure.Module] = failure;

    /// <inheritdoc/>
    public void Dispose()
    {
        _registry.Published -= Add;
        _registry.PublishFailed -= OnFailed;
    }
}
