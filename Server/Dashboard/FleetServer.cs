namespace SimpleRpc.Server.Dashboard;

/// <summary>The server process on the fleet page.</summary>
/// <param name="Endpoint">The stub port's address.</param>
/// <param name="UptimeSeconds">Seconds since the process started.</param>
/// <param name="ResidentMB">Resident memory (working set).</param>
/// <param name="CpuPercent">CPU since the previous snapshot, percent of one core; null on the first.</param>
/// <param name="LoadContextsAlive">Module load contexts not yet collected (serving ones and replaced ones still unloading).</param>
/// <param name="CallsInFlight">Module calls from stubs running now.</param>
/// <param name="NotReady">What <c>/readyz</c> still waits for; empty when ready.</param>
public sealed record FleetServer(string Endpoint, long UptimeSeconds, long ResidentMB, double? CpuPercent, int LoadContextsAlive, int CallsInFlight, IReadOnlyList<string> NotReady);
