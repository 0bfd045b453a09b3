namespace SimpleRpc.Server.Isolation.Host;

/// <summary>The state of one module's worker (or one publisher's), as the console's <c>workers</c> shows it.</summary>
/// <param name="Module">The module's name, or with <see cref="SharedByPublisher"/> the publisher's.</param>
/// <param name="ProcessId">The running worker's process id, or null when none runs.</param>
/// <param name="Failure">Why the module is failed, or null.</param>
/// <param name="Starts">Workers started since the server started.</param>
/// <param name="Crashes">Abnormal worker ends since the server started.</param>
/// <param name="ActiveCalls">Calls running now.</param>
public sealed record WorkerStatus(string Module, int? ProcessId, string? Failure, int Starts, int Crashes, int ActiveCalls)
{
    /// <summary>The modules the worker serves (with <c>workerSharing: publisher</c>, those called since it was created).</summary>
    public IReadOnlyList<string> Modules { get; init; } = [Module];

    /// <summary>True when the worker is shared by a publisher's modules (<c>workerSharing: publisher</c>).</summary>
    public bool SharedByPublisher { get; init; }

    /// <summary>Workers killed for using CPU with no call running (<c>workerIdleCpuSeconds</c>).</summary>
    public int IdleCpuKills { get; init; }
}
