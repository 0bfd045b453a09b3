using System.Globalization;
using System.Text;

namespace SimpleRpc.Bench.CallPath;

/// <summary>Prints the results as Markdown tables (readable in a terminal, pasteable into a README).</summary>
internal static class Report
{
    // Each SimpleRpc row against its references: first the issue's targets (5 and 5m against the
    // floor 2 and StreamJsonRpc two hops 4; the 1 KB rows 5e and 5me against 2e and 4e; 5m and 5me
    // also against StreamJsonRpc driven by the same minimal client, 4m and 4me), then the
    // server-only rows, also against their like-for-like one-hop references.
    private static readonly (string Key, string[] References)[] Ratios =
    [
        ("5", ["2", "4"]),
        ("5m", ["2", "4", "4m"]),
        ("5e", ["2e", "4e"]),
        ("5me", ["2e", "4e", "4me"]),
        ("6", ["2", "4", "1", "3"]),
        ("6m", ["2", "4", "1", "3"]),
    ];

    public static string Format(IReadOnlyList<ScenarioResult> results, BenchOptions options)
    {
        var (narrow, wide) = Shapes(options);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| # | scenario | p50 µs | p90 µs | p99 µs | calls/s {narrow} | calls/s {wide} | CPU µs/call, all processes ({narrow}) | threads woken/call | bench-process bytes/call | CPU µs/call, all processes (sequential) |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            if (r.Failure is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario.Key} | {r.Scenario.Title} | failed: {r.Failure.ReplaceLineEndings(" ")} | | | | | | | | |");
                continue;
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario.Key} | {r.Scenario.Title} | {Us(r.P50Us)} | {Us(r.P90Us)} | {Us(r.P99Us)} | {Whole(r.CallsPerSecond)} | {Whole(r.WideCallsPerSecond)} | {Us(r.TotalCpuUsPerCall)} | {Woken(r.SwitchesPerCall.Sum(w => w.SwitchesPerCall))} | {Whole(r.AllocatedBytesPerCall)} | {Us(r.SequentialCpuUsPerCall)} |");
        }

        var byKey = results.Where(r => r.Failure is null).ToDictionary(r => r.Scenario.Key, StringComparer.Ordinal);
        text.AppendLine();
        text.AppendLine("Ratios, SimpleRpc ÷ reference, same run; the issue's targets are the rows 5 and 5m against 2 and 4, and 5e and 5me against 4e (latency and CPU: above 1× is slower or costlier; calls/s: below 1× is fewer):");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| # | reference | p50 | p90 | p99 | calls/s {narrow} | calls/s {wide} | CPU µs/call |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (key, references) in Ratios)
        {
            if (!byKey.TryGetValue(key, out var row))
            {
                continue;
            }

            foreach (var referenceKey in references)
            {
                if (byKey.TryGetValue(referenceKey, out var reference))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {referenceKey} {reference.Scenario.Title} | {Ratio(row.P50Us, reference.P50Us)} | {Ratio(row.P90Us, reference.P90Us)} | {Ratio(row.P99Us, reference.P99Us)} | {Ratio(row.CallsPerSecond, reference.CallsPerSecond)} | {Ratio(row.WideCallsPerSecond, reference.WideCallsPerSecond)} | {Ratio(row.TotalCpuUsPerCall, reference.TotalCpuUsPerCall)} |");
                }
            }
        }

        var split = results.Where(r => r.Failure is null && r.CpuPerCall.Count > 1).ToList();
        if (split.Count > 0)
        {
            var consoles = split[0].ConsoleBytesPerCall.Select(c => c.Label + " bytes/call").ToList();
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Per call and process during the {narrow} phase: CPU µs / threads woken (voluntary context switches), and bytes allocated in the stub and the server (their consoles' `stats` before and after the phase; the worker's allocations are not counted). 'bench' is the app side plus this harness:");
            text.AppendLine();
            text.AppendLine("| # | " + string.Join(" | ", split[0].CpuPerCall.Select(c => c.Label).Append("total").Concat(consoles)) + " |");
            text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", split[0].CpuPerCall.Count + 1 + consoles.Count)));
            foreach (var r in split)
            {
                var cells = r.CpuPerCall.Zip(r.SwitchesPerCall, (cpu, woken) => $"{Us(cpu.MicrosecondsPerCall)} / {Woken(woken.SwitchesPerCall)}")
                    .Append($"{Us(r.TotalCpuUsPerCall)} / {Woken(r.SwitchesPerCall.Sum(w => w.SwitchesPerCall))}")
                    .Concat(r.ConsoleBytesPerCall.Select(b => Whole(b.BytesPerCall)));
                text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario.Key} | {string.Join(" | ", cells)} |");
            }
        }

        return text.ToString();
    }

    /// <summary>One scenario's figures (or its failure) on one line, as it finishes. bench/callpath_syscalls.sh reads the first "; N calls/s".</summary>
    public static string Line(ScenarioResult r, BenchOptions options)
    {
        if (r.Failure is not null)
        {
            return $"  {r.Scenario.Key} failed: {r.Failure}";
        }

        var (narrow, wide) = Shapes(options);
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"  {r.Scenario.Key} {r.Scenario.Title}: p50 {Us(r.P50Us)} µs, p90 {Us(r.P90Us)} µs, p99 {Us(r.P99Us)} µs over {r.LatencyCalls} calls");
        line.Append(CultureInfo.InvariantCulture, $"; {r.CallsPerSecond:N0} calls/s {narrow} ({r.ThroughputCalls} calls)");
        if (!double.IsNaN(r.WideCallsPerSecond))
        {
            line.Append(CultureInfo.InvariantCulture, $", {r.WideCallsPerSecond:N0} calls/s {wide} ({r.WideCalls} calls)");
        }

        line.Append(CultureInfo.InvariantCulture, $"; CPU {Us(r.TotalCpuUsPerCall)} µs/call");
        foreach (var (label, bytes) in r.ConsoleBytesPerCall)
        {
            line.Append(CultureInfo.InvariantCulture, $"; {label} {Whole(bytes)} B/call");
        }

        return line.ToString();
    }

    private static (string Narrow, string Wide) Shapes(BenchOptions options) =>
        (string.Create(CultureInfo.InvariantCulture, $"1×{options.InFlight}"), string.Create(CultureInfo.InvariantCulture, $"{options.WideConnections}×{options.WideInFlight}"));

    private static string Us(double microseconds) =>
        double.IsNaN(microseconds) ? "-" : microseconds.ToString(microseconds >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);

    private static string Whole(double value) =>
        double.IsNaN(value) ? "-" : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Woken(double perCall) =>
        double.IsNaN(perCall) ? "-" : perCall.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ratio(double value, double reference) =>
        reference > 0 && !double.IsNaN(value) ? (value / reference).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "-";
}
