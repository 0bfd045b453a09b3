using System.Diagnostics;

namespace SimpleRpc.Server.Dashboard;

/// <summary>What the fleet page shows: the server, its stubs, its modules and their workers, at one moment.</summary>
/// <param name="Server">The server process.</param>
/// <param name="Stubs">The connected, named stubs.</param>
/// <param name="Modules">The serving modules.</param>
/// <param name="Workers">Each module's worker process.</param>
public sealed record FleetSnapshot(FleetServer Server, IReadOnlyList<FleetStub> Stubs, IReadOnlyList<FleetModule> Modules, IReadOnlyList<FleetWorker> Workers)
{
    private static readonly DateTimeOffset ProcessStarted = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>Reads <paramref name="host"/> now. Cheap: no GC is forced, nothing waits.</summary>
    public static FleetSnapshot Capture(ServerHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var process = Process.GetCurrentProcess();
        var server = new FleetServer(
            host.Endpoint.ToString(),
            (long)(DateTimeOffset.UtcNow - ProcessStarted).TotalSeconds,
            process.WorkingSet64 >> 20,
            host.CallsInFlight.Count,
            host.Readiness.NotReady());
        var stubs = host.Clients.Snapshot()
            .Select(s => new FleetStub(s.Name ?? "(hello pending)", s.Role.ToString().ToLowerInvariant(), s.Address, s.ConnectedAt, s.RunningCalls))
            .ToList();
        var modules = host.Modules.Snapshot()
            .Select(m => new FleetModule(m.Name, m.Info.Version, m.Info.RegisteredBy, m.Info.RegisteredAt))
            .ToList();
        var workers = (host.Workers?.Snapshot() ?? [])
            .Select(w => new FleetWorker(w.Module, w.ProcessId, w.Starts, w.Crashes, w.ActiveCalls, w.Failure))
            .ToList();
        return new FleetSnapshot(server, stubs, modules, workers);
    }
}

/// <summary>The server process on the fleet page.</summary>
public sealed record FleetServer(string Endpoint, long UptimeSeconds, long WorkingSetMB, int CallsInFlight, IReadOnlyList<string> NotReady);

/// <summary>A connected stub on the fleet page.</summary>
public sealed record FleetStub(string Name, string Role, string Address, DateTimeOffset ConnectedSince, int CallsInFlight);

/// <summary>A serving module on the fleet page.</summary>
public sealed record FleetModule(string Name, int Version, string PublishedBy, DateTimeOffset PublishedAt);

/// <summary>A module's worker on the fleet page.</summary>
public sealed record FleetWorker(string Module, int? ProcessId, int Starts, int Crashes, int CallsInFlight, string? Failure);
