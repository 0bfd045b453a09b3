namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// How a module's serving version spread: when it started serving (its compile done) and, for each
/// connected stub, how long after that the server handed its proxy to the stub's link (a push, or the sync of a stub that
/// connected later), or that the stub is still behind or missing it.
/// </summary>
/// <param name="Module">The module.</param>
/// <param name="Version">Its serving version.</param>
/// <param name="PublishedAt">When its upload was committed (its compile started).</param>
/// <param name="ServingSince">When it started serving; the timeline counts from here (the publish time when the server started later).</param>
/// <param name="Stubs">One entry per connected stub, the quickest first.</param>
public sealed record PublishSpread(string Module, int Version, DateTimeOffset PublishedAt, DateTimeOffset ServingSince, IReadOnlyList<SpreadStub> Stubs)
{
    /// <summary>Each serving module's spread over the stubs connected now.</summary>
    public static IReadOnlyList<PublishSpread> Capture(ServerHost host, ModuleHistory history)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(history);
        var stubs = host.Clients.Snapshot().Where(s => s.Name is not null).ToList();
        return [.. host.Modules.Snapshot().Select(m => (Module: m, Serving: history.ServingSince(m.Name, m.Info.Version) ?? m.Info.RegisteredAt)).Select(x => new PublishSpread(
            x.Module.Name,
            x.Module.Info.Version,
            x.Module.Info.RegisteredAt,
            x.Serving,
            [.. stubs
                .Select(s => ProxyStatus.Of(s, x.Module) is var (status, held) && status == "current"
                    ? new SpreadStub(s.Name!, status, held!.How, Math.Max(0, (held.At - x.Serving).TotalMilliseconds))
                    : new SpreadStub(s.Name!, status, held?.How, null))
                .OrderBy(s => s.AfterMs ?? double.MaxValue)]))];
    }
}
