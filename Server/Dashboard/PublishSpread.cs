namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// How a module's serving version spread: when it was published and, for each connected stub, how
/// long after that the server handed its proxy to the stub's link (a push, or the sync of a stub that
/// connected later), or that the stub is still behind or missing it.
/// </summary>
/// <param name="Module">The module.</param>
/// <param name="Version">Its serving version.</param>
/// <param name="PublishedAt">When that version was published.</param>
/// <param name="Stubs">One entry per connected stub, the quickest first.</param>
public sealed record PublishSpread(string Module, int Version, DateTimeOffset PublishedAt, IReadOnlyList<SpreadStub> Stubs)
{
    /// <summary>Each serving module's spread over the stubs connected now.</summary>
    public static IReadOnlyList<PublishSpread> Capture(ServerHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var stubs = host.Clients.Snapshot().Where(s => s.Name is not null).ToList();
        return [.. host.Modules.Snapshot().Select(m => new PublishSpread(
            m.Name,
            m.Info.Version,
            m.Info.RegisteredAt,
            [.. stubs
                .Select(s => s.Proxies.TryGetValue(m.Name, out var held) && held.Checksum == m.Info.Checksum
                    ? new SpreadStub(s.Name!, "current", held.How, Math.Max(0, (held.At - m.Info.RegisteredAt).TotalMilliseconds))
                    : new SpreadStub(s.Name!, held is null ? "missing" : "behind", held?.How, null))
                .OrderBy(s => s.AfterMs ?? double.MaxValue)]))];
    }
}
