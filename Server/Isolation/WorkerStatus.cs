namespace SimpleRpc.Server.Isolation;

/// <summary>The state of one module's worker, as the console's <c>workers</c> shows it.</summary>
/// <param name="Module">The module's name.</param>
/// <param name="ProcessId">The running worker's process id, or null when none runs.</param>
/// <param name="Failure">Why the module is failed, or null.</param>
/// <param name="Starts">Workers started since the server started.</param>
/// <param name="Crashes">Abnormal worker ends since the server started.</param>
/// <param name="ActiveCalls">Calls running now.</param>
public sealed record WorkerStatus(string Module, int? ProcessId, string? Failure, int Starts, int Crashes, int ActiveCalls);
