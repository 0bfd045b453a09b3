using System.Diagnostics;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Sessions;

namespace SimpleRpc.Server.Dashboard;

/// <summary>What the fleet page shows: the server, its stubs, its modules and their workers, at one moment.</summary>
/// <param name="Server">The server process.</param>
/// <param name="Stubs">The connected, named stubs.</param>
/// <param name="Modules">The serving modules.</param>
/// <param name="Workers">Each module's worker process.</param>
/// <param name="Calls">The stubs' module calls running now, longest-running first.</param>
public sealed record FleetSnapshot(FleetServer Server, IReadOnlyList<FleetStub> Stubs, IReadOnlyList<FleetModule> Modules, IReadOnlyList<FleetWorker> Workers, IReadOnlyList<FleetCall> Calls)
{
    private static readonly DateTimeOffset ProcessStarted = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>Reads <paramref name="host"/> now. Cheap: no GC is forced, nothing waits.</summary>
    /// <param name="host">The server.</param>
    /// <param name="sampler">Reads the processes' memory and CPU.</param>
    /// <param name="stubRates">Calls per second by session id, when known.</param>
    /// <param name="history">The modules' versions, to name the version of a proxy a stub reported, when known.</param>
    public static FleetSnapshot Capture(ServerHost host, ProcessSampler sampler, IReadOnlyDictionary<string, double>? stubRates = null, ModuleHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(sampler);
        var own = sampler.Sample(Environment.ProcessId);
        var server = new FleetServer(
            host.Endpoint.ToString(),
            (long)(DateTimeOffset.UtcNow - ProcessStarted).TotalSeconds,
            own?.ResidentMB ?? 0,
            own?.CpuPercent,
            ModuleLoadContext.CountAlive(),
            host.CallsInFlight.Count,
            host.Readiness.NotReady());
        var serving = host.Modules.Snapshot();
        var sessions = host.Clients.Snapshot();
        var stubs = sessions
            .Select(s => new FleetStub(
                s.Name ?? "(hello pending)",
                s.SessionId,
                s.Role.ToString().ToLowerInvariant(),
                s.Address,
                s.ConnectedAt,
                s.RunningCalls,
                stubRates?.TryGetValue(s.SessionId, out var rate) == true ? rate : 0,
                Proxies(s, serving, history)))
            .ToList();
        var modules = serving
            .Select(m => new FleetModule(m.Name, m.Info.Version, m.Info.RegisteredBy, m.Info.RegisteredAt))
            .ToList();
        var workers = (host.Workers?.Snapshot() ?? [])
            .Select(w => (Status: w, Sample: w.ProcessId is { } pid ? sampler.Sample(pid) : null))
            .Select(w => new FleetWorker(w.Status.Module, w.Status.ProcessId, w.Sample?.ResidentMB, w.Sample?.CpuPercent, w.Status.Starts, Math.Max(0, w.Status.Starts - 1), w.Status.Crashes, w.Status.ActiveCalls, w.Status.Failure))
            .ToList();
        return new FleetSnapshot(server, stubs, modules, workers, RunningCalls(sessions));
    }

    /// <summary>The module calls <paramref name="sessions"/> are running now, longest-running first.</summary>
    public static IReadOnlyList<FleetCall> RunningCalls(IEnumerable<ClientSession> sessions)
    {
        var now = DateTimeOffset.UtcNow;
        return [.. sessions
            .SelectMany(s => s.RunningCallsNow().Select(c => (Session: s, c.Id, c.Call.Method, c.Call.Elapsed)))
            .OrderByDescending(c => c.Elapsed)
            .Select(c => new FleetCall(
                c.Session.Name ?? "(hello pending)",
                c.Session.SessionId,
                c.Id.ToString(),
                ShortMethod(c.Method),
                now - c.Elapsed,
                (long)c.Elapsed.TotalMilliseconds))];
    }

    // z.Add(System.Int32,System.Int32) is shown as z.Add: the page has no room for signature ids.
    private static string ShortMethod(string method) => method.IndexOf('(', StringComparison.Ordinal) is var paren and > 0 ? method[..paren] : method;

    private static List<FleetProxy> Proxies(ClientSession session, IReadOnlyList<LoadedModule> serving, ModuleHistory? history) =>
        [.. serving.Select(m =>
        {
            var (status, held) = ProxyStatus.Of(session, m);
            return new FleetProxy(m.Name, status, held is null ? 0 : VersionOf(m.Name, held, history), held?.At);
        })];

    // A stub that reported an older checksum: its version, when the history still has it.
    private static int VersionOf(string module, HeldProxy held, ModuleHistory? history) =>
        held.Version != 0 ? held.Version : history?.Versions(module).FirstOrDefault(v => v.Checksum == held.Checksum)?.Version ?? 0;
}
