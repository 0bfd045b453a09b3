namespace SimpleRpc.Bench.CallPath;

/// <summary>The processes outside this one that serve a path: whose CPU counts, and whose consoles say how much they allocated.</summary>
/// <param name="Processes">Label and pid of each process whose CPU time counts for the path.</param>
/// <param name="Consoles">The consoles asked for <c>stats</c> around the 1×64 phase.</param>
internal sealed record ServingProcesses(IReadOnlyList<(string Label, int Pid)> Processes, IReadOnlyList<ConsoleProbe> Consoles)
{
    /// <summary>For paths served inside this process (raw TCP, StreamJsonRpc).</summary>
    public static ServingProcesses None { get; } = new([], []);
}
