namespace SimpleRpc.Bench.CallPath;

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

    /// <summary>CPU time per call of every process serving the path during the sequential (latency) phase.</summary>
    public double SequentialCpuUsPerCall { get; set; }

    /// <summary>Calls completed in the 1×64 phase (one connection, <see cref="BenchOptions.InFlight"/> in flight).</summary>
    public long ThroughputCalls { get; set; }

    public double CallsPerSecond { get; set; }

    /// <summary>Calls completed in the wide phase (<see cref="BenchOptions.WideConnections"/> × <see cref="BenchOptions.WideInFlight"/>).</summary>
    public long WideCalls { get; set; }

    /// <summary>Calls per second in the wide phase; NaN where the path has no wide shape.</summary>
    public double WideCallsPerSecond { get; set; } = double.NaN;

    /// <summary>CPU time per call during the 1×64 phase: this process first, then each of <see cref="Scenario.Processes"/>.</summary>
    public List<(string Label, double MicrosecondsPerCall)> CpuPerCall { get; } = [];

    /// <summary>Voluntary context switches (threads woken) per call in the 1×64 phase, same order; NaN where unknown.</summary>
    public List<(string Label, double SwitchesPerCall)> SwitchesPerCall { get; } = [];

    /// <summary>Bytes allocated per call during the 1×64 phase in each of <see cref="Scenario.Consoles"/> (stub, server); NaN where unknown.</summary>
    public List<(string Label, double BytesPerCall)> ConsoleBytesPerCall { get; } = [];

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
            SequentialCpuUsPerCall = Middle(rounds.Select(r => r.SequentialCpuUsPerCall)),
            ThroughputCalls = rounds.Sum(r => r.ThroughputCalls),
            CallsPerSecond = Middle(rounds.Select(r => r.CallsPerSecond)),
            WideCalls = rounds.Sum(r => r.WideCalls),
            WideCallsPerSecond = Middle(rounds.Select(r => r.WideCallsPerSecond)),
        };
        for (var i = 0; i < rounds[0].CpuPerCall.Count; i++)
        {
            median.CpuPerCall.Add((rounds[0].CpuPerCall[i].Label, Middle(rounds.Select(r => r.CpuPerCall[i].MicrosecondsPerCall))));
            median.SwitchesPerCall.Add((rounds[0].SwitchesPerCall[i].Label, Middle(rounds.Select(r => r.SwitchesPerCall[i].SwitchesPerCall))));
        }

        for (var i = 0; i < rounds[0].ConsoleBytesPerCall.Count; i++)
        {
            median.ConsoleBytesPerCall.Add((rounds[0].ConsoleBytesPerCall[i].Label, Middle(rounds.Select(r => r.ConsoleBytesPerCall[i].BytesPerCall))));
        }

        return median;
    }

    // The median of the known values (NaN only if none is known).
    private static double Middle(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
