using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Tests.Support;

/// <summary>
/// A cluster catalogue in memory, for the registry's side of it: versions per name, the same
/// append rule as the catalogue grain (only a higher version is recorded), and a way to let
/// "another node" record a version first.
/// </summary>
internal sealed class FakeCatalogue : IModuleCatalogue
{
    private readonly Dictionary<string, int> _latest = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Versions other nodes record just before each of this node's appends, in order.</summary>
    public Queue<int> RecordedElsewhere { get; } = new();

    public List<int> Appended { get; } = [];

    /// <summary>Who asked for each removal, in order.</summary>
    public List<string> RemovedBy { get; } = [];

    public Task<int> LatestVersionAsync(string name, CancellationToken cancellationToken) => Task.FromResult(_latest.GetValueOrDefault(name));

    public Task<int?> AppendAsync(LoadedModule module, bool mayReplaceOthers, CancellationToken cancellationToken)
    {
        if (RecordedElsewhere.TryDequeue(out var other))
        {
            _latest[module.Name] = other;
        }

        var latest = _latest.GetValueOrDefault(module.Name);
        if (module.Info.Version <= latest)
        {
            return Task.FromResult<int?>(latest);
        }

        _latest[module.Name] = module.Info.Version;
        Appended.Add(module.Info.Version);
        return Task.FromResult<int?>(null);
    }

    public Task<int> RemoveAsync(string name, string requestedBy, CancellationToken cancellationToken)
    {
        var version = _latest.GetValueOrDefault(name) + 1;
        _latest[name] = version;
        RemovedBy.Add(requestedBy);
        return Task.FromResult(version);
    }
}
