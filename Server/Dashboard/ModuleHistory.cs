using System.Collections.Concurrent;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// What the modules page shows beyond the registry's current versions: the versions published
/// since the server started (at most <see cref="MaxVersions"/> per module, with their source and
/// proxy) and each module's last failed publish with its diagnostics.
/// </summary>
/// <remarks>Thread-safe. Memory only: a restart keeps the stored (current) versions, not this history.</remarks>
public sealed class ModuleHistory : IDisposable
{
    /// <summary>The most versions kept per module.</summary>
    public const int MaxVersions = 10;

    private readonly ModuleRegistry _registry;
    private readonly ConcurrentDictionary<string, List<ModuleVersion>> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FailedPublish> _failures = new(StringComparer.Ordinal);

    /// <summary>Follows <paramref name="registry"/>'s publishes from now on, starting with the versions it serves.</summary>
    public ModuleHistory(ModuleRegistry registry)
    {
        _registry = registry;
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
            if (list.Any(v => v.Version == module.Info.Version))
            {
                return;
            }

            list.Add(new ModuleVersion(module.Info.Version, module.Info.Checksum, module.Info.RegisteredBy, module.Info.RegisteredAt, module.Source, module.ProxySource, DateTimeOffset.UtcNow));
            if (list.Count > MaxVersions)
            {
                list.Remove(list.MinBy(v => v.Version)!);
            }
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
