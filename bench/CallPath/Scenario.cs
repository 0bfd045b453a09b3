namespace SimpleRpc.Bench.CallPath;

/// <summary>Which group a scenario belongs to, for the ratios.</summary>
internal enum ScenarioKind
{
    /// <summary>Raw TCP: the floor.</summary>
    Floor,

    /// <summary>StreamJsonRpc: the off-the-shelf comparison.</summary>
    StreamJsonRpc,

    /// <summary>SimpleRpc's real processes.</summary>
    SimpleRpc,
}

/// <summary>One call path to measure: a call to make and the processes that serve it.</summary>
/// <param name="Key">Short id printed in the tables, e.g. "2" or "5m".</param>
/// <param name="Title">What the path is.</param>
/// <param name="Kind">Its group.</param>
/// <param name="Call">Makes one call; throws if the answer is wrong. Must be safe to call concurrently.</param>
/// <param name="Abort">Closes the client so that a call that hangs fails (the watchdog's last resort).</param>
/// <param name="Processes">Other processes whose CPU time counts for this path (label, pid).</param>
internal sealed record Scenario(
    string Key,
    string Title,
    ScenarioKind Kind,
    Func<int, int, Task> Call,
    Action Abort,
    IReadOnlyList<(string Label, int Pid)> Processes);

/// <summary>What one scenario measured.</summary>
internal sealed class ScenarioResult
{
    public required Scenario Scenario { get; init; }

    public string? Failure { get; set; }

    public int LatencyCalls { get; set; }

    public double P50Us { get; set; }

    public double P90Us { get; set; }

    public double P99Us { get; set; }

    public double AllocatedBytesPerCall { get; set; }

    public long ThroughputCalls { get; set; }

    public double CallsPerSecond { get; set; }

    /// <summary>CPU time per call during the throughput phase: this process first, then each of <see cref="Scenario.Processes"/>.</summary>
    public List<(string Label, double MicrosecondsPerCall)> CpuPerCall { get; } = [];

    /// <summary>Voluntary context switches (threads woken) per call in the throughput phase, same order; NaN where unknown.</summary>
    public List<(string Label, double SwitchesPerCall)> SwitchesPerCall { get; } = [];

    public double TotalCpuUsPerCall => CpuPerCall.Sum(c => c.MicrosecondsPerCall);

    /// <summary>Each figure's median over several rounds of one path (a failed round fails the path).</summary>
    public static ScenarioResult Median(List<ScenarioResult> rounds)
    {
        if (rounds.Find(r => r.Failure is not null) is { } failed)
        {
            return failed;
        }

        if (rounds.Count == 1)
        {
            return rounds[0];
        }

        var median = new ScenarioResult
        {
            Scenario = rounds[0].Scenario,
            LatencyCalls = rounds.Sum(r => r.LatencyCalls),
            P50Us = Middle(rounds.Select(r => r.P50Us)),
            P90Us = Middle(rounds.Select(r => r.P90Us)),
            P99Us = Middle(rounds.Select(r => r.P99Us)),
            AllocatedBytesPerCall = Middle(rounds.Select(r => r.AllocatedBytesPerCall)),
            ThroughputCalls = rounds.Sum(r => r.ThroughputCalls),
            CallsPerSecond = Middle(rounds.Select(r => r.CallsPerSecond)),
        };
        for (var i = 0; i < rounds[0].CpuPerCall.Count; i++)
        {
            median.CpuPerCall.Add((rounds[0].CpuPerCall[i].Label, Middle(rounds.Select(r => r.CpuPerCall[i].MicrosecondsPerCall))));
            median.SwitchesPerCall.Add((rounds[0].SwitchesPerCall[i].Label, Middle(rounds.Select(r => r.SwitchesPerCall[i].SwitchesPerCall))));
        }

        return median;
    }

    private static double Middle(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
