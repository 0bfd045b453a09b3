using System.Collections.Concurrent;
using SimpleRpc.Server.Compilation;

namespace SimpleRpc.Server.Modules;

public sealed partial class ModuleRegistry
{
    // How often a publish compiles again because other nodes kept recording versions first.
    private const int MaxCatalogueAttempts = 3;

    // Who asked, in logs and in the catalogue, when the server's own console removes a module.
    private const string ServerConsole = "the server console";

    // The version of each removal this node recorded or applied, so a late notification of an
    // older publish cannot bring a removed module back.
    private readonly ConcurrentDictionary<string, int> _removals = new(StringComparer.Ordinal);

    /// <summary>
    /// The cluster's catalogue (docs/cluster.md), or null on a lone server. Set before the server
    /// accepts stubs. With it, version numbers come from the catalogue and every publish and
    /// removal is recorded there before it serves here.
    /// </summary>
    public IModuleCatalogue? Catalogue { get; set; }

    /// <summary>The highest version of <paramref name="name"/> this node knows, a removal included; 0 for none.</summary>
    public int KnownVersion(string name) => Math.Max(Find(name)?.Info.Version ?? 0, _removals.GetValueOrDefault(name));

    /// <summary>
    /// Serves a version another node recorded: compiles it, stores it and publishes it here, unless
    /// this node already has that version or a later one (entries may arrive twice or out of order).
    /// </summary>
    /// <returns>True when the version now serves here.</returns>
    public async Task<bool> ApplyAsync(string name, int version, string source, string checksum, string registeredBy, DateTimeOffset registeredAt, CancellationToken cancellationToken)
    {
        await _registerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (version <= KnownVersion(name))
            {
                return false;
            }

            // Measured against what serves here, as the publishing node measured it; that node
            // already decided whether a breaking change may pass.
            var previous = Find(name);
            var baseline = previous is null ? null : new ModuleBaseline(previous.Info.Version, previous.Source) { Removed = previous.RemovedFunctions };
            var (module, result) = await CompileAndLoadAsync(name, source, checksum, version, registeredBy, registeredAt, "cluster", new LoadRequest(baseline, AllowBreaking: true), cancellationToken).ConfigureAwait(false);
            if (module is null)
            {
                _log.Error("Module {ModuleName} v{ModuleVersion} from the cluster's catalogue does not compile on this node and is not served here: {Errors}", name, version, string.Join("; ", result.Errors));
                return false;
            }

            _store?.Save(Stored(module, result));
            Swap(module);
            _log.Information("Applied {ModuleName} v{ModuleVersion} from the cluster's catalogue (published by {ClientId})", name, version, registeredBy);
            Published?.Invoke(module);
            return true;
        }
        finally
        {
            _registerGate.Release();
        }
    }

    /// <summary>
    /// Applies a removal another node recorded as <paramref name="version"/>, asked for by
    /// <paramref name="requestedBy"/> through <paramref name="node"/> (null: not known); a later local version stays.
    /// </summary>
    public async Task ApplyRemovalAsync(string name, int version, string requestedBy, string? node, CancellationToken cancellationToken)
    {
        await _registerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (version <= KnownVersion(name))
            {
                return;
            }

            _removals[name] = version;
            if (Find(name) is not { } module)
            {
                return;
            }

            _store?.Delete(name);
            _modules.TryRemove(name, out _);
            module.Retire();
            _log.Information("Removed {ModuleName} v{ModuleVersion}: the cluster's catalogue removed it as v{RemovalVersion} at the request of {ClientId} on node {Node}", name, module.Info.Version, version, requestedBy, node ?? "(unknown)");
            Removed?.Invoke(name);
        }
        finally
        {
            _registerGate.Release();
        }
    }

    private async Task<int> NextVersionAsync(string name, LoadedModule? previous, CancellationToken cancellationToken)
    {
        var local = Math.Max(previous?.Info.Version ?? 0, _removals.GetValueOrDefault(name));
        return Catalogue is null
            ? local + 1
            : Math.Max(local, await Catalogue.LatestVersionAsync(name, cancellationToken).ConfigureAwait(false)) + 1;
    }

    // Null when recorded (or there is no catalogue); else the version that got there first.
    private async Task<int?> TryRecordAsync(LoadedModule module, bool mayReplaceOthers, int attempt, CancellationToken cancellationToken)
    {
        if (Catalogue is null)
        {
            return null;
        }

        int? beaten;
        try
        {
            beaten = await Catalogue.AppendAsync(module, mayReplaceOthers, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            module.Retire();
            throw;
        }

        if (beaten is not { } latest)
        {
            return null;
        }

        module.Retire();
        _log.Information("Module {ModuleName} v{ModuleVersion}: the catalogue already holds v{LatestVersion} from another node (try {Attempt})", module.Name, module.Info.Version, latest, attempt);
        return attempt < MaxCatalogueAttempts
            ? latest
            : throw new ModuleStoreException($"Module '{module.Name}' was not published: other nodes kept publishing it at the same time ({MaxCatalogueAttempts} tries); publish again.", new InvalidOperationException("catalogue contention"));
    }

    private async Task RecordRemovalAsync(string name, string? requestedBy, CancellationToken cancellationToken)
    {
        if (Catalogue is not null)
        {
            _removals[name] = await Catalogue.RemoveAsync(name, requestedBy ?? ServerConsole, cancellationToken).ConfigureAwait(false);
        }
    }
}
