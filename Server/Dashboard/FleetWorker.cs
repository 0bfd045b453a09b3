namespace SimpleRpc.Server.Dashboard;

/// <summary>A module's worker on the fleet page.</summary>
/// <param name="Module">The module.</param>
/// <param name="ProcessId">The running worker's pid; null when none runs.</param>
/// <param name="ResidentMB">Its resident memory; null when none runs.</param>
/// <param name="CpuPercent">Its CPU since the previous snapshot, percent of one core.</param>
/// <param name="Starts">Workers started for the module since the server started.</param>
/// <param name="Restarts">Starts after the first.</param>
/// <param name="Crashes">Ends the module caused.</param>
/// <param name="CallsInFlight">The module's calls running now.</param>
/// <param name="Failure">Why the module is failed, or null.</param>
public sealed record FleetWorker(string Module, int? ProcessId, long? ResidentMB, double? CpuPercent, int Starts, int Restarts, int Crashes, int CallsInFlight, string? Failure);
