using System.Globalization;
using System.Text;

namespace SimpleRpc.Bench.CallPath;

/// <summary>Prints the results as Markdown tables (readable in a terminal, pasteable into a README).</summary>
internal static class Report
{
    // Each SimpleRpc row against the two references the brief names, and its like-for-like one-hop references.
    private static readonly Dictionary<string, string[]> References = new(StringComparer.Ordinal)
    {
        ["5"] = ["2", "4"],
        ["5m"] = ["2", "4"],
        ["6"] = ["2", "4", "1", "3"],
        ["6m"] = ["2", "4", "1", "3"],
    };

    public static string Format(IReadOnlyList<ScenarioResult> results, int inFlight)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| # | scenario | p50 µs | p90 µs | p99 µs | calls/s, {inFlight} in flight | CPU µs/call, all processes | threads woken/call | bench-process bytes/call |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            if (r.Failure is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario.Key} | {r.Scenario.Title} | failed: {r.Failure.ReplaceLineEndings(" ")} | | | | | | |");
                continue;
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario.Key} | {r.Scenario.Title} | {Us(r.P50Us)} | {Us(r.P90Us)} | {Us(r.P99Us)} | {r.CallsPerSecond:N0} | {Us(r.TotalCpuUsPerCall)} | {Woken(r.SwitchesPerCall.Sum(w => w.SwitchesPerCall))} | {r.AllocatedBytesPerCall:N0} |");
        }

        var byKey = results.Where(r => r.Failure is null).ToDictionary(r => r.Scenario.Key, StringComparer.Ordinal);
        text.AppendLine();
        text.AppendLine("Ratios, SimpleRpc ÷ reference, same run (latency: above 1× is slower; calls/s: below 1× is fewer):");
        text.AppendLine();
        text.AppendLine("| # | reference | p50 | p90 | p99 | calls/s |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var (key, references) in References)
        {
            if (!byKey.TryGetValue(key, out var row))
            {
                continue;
            }

            foreach (var referenceKey in references)
            {
                if (byKey.TryGetValue(referenceKey, out var reference))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {referenceKey} {reference.Scenario.Title} | {Ratio(row.P50Us, reference.P50Us)} | {Ratio(row.P90Us, reference.P90Us)} | {Ratio(row.P99Us, reference.P99Us)} | {Ratio(row.CallsPerSecond, reference.CallsPerSecond)} |");
                }
            }
        }

        var split = results.Where(r => r.Failure is null && r.CpuPerCall.Count > 1).ToList();
        if (split.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Per call and process during the throughput phase: CPU µs / threads woken (voluntary context switches). 'bench' is the app side plus this harness:");
            text.AppendLine();
            text.AppendLine("| # | " + string.Join(" | ", split[0].CpuPerCall.Select(c => c.Label)) + " | total |");
            text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", split[0].CpuPerCall.Count + 1)));
            foreach (var r in split)
            {
                var cells = r.CpuPerCall.Zip(r.SwitchesPerCall, (cpu, woken) => $"{Us(cpu.MicrosecondsPerCall)} / {Woken(woken.SwitchesPerCall)}");
                text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario.Key} | {string.Join(" | ", cells)} | {Us(r.TotalCpuUsPerCall)} / {Woken(r.SwitchesPerCall.Sum(w => w.SwitchesPerCall))} |");
            }
        }

        return text.ToString();
    }

    public static string Line(ScenarioResult r) => r.Failure is not null
        ? $"  {r.Scenario.Key} failed: {r.Failure}"
        : string.Create(CultureInfo.InvariantCulture, $"  {r.Scenario.Key} {r.Scenario.Title}: p50 {Us(r.P50Us)} µs, p90 {Us(r.P90Us)} µs, p99 {Us(r.P99Us)} µs over {r.LatencyCalls} calls; {r.CallsPerSecond:N0} calls/s ({r.ThroughputCalls} calls); CPU {Us(r.TotalCpuUsPerCall)} µs/call");

    private static string Us(double microseconds) =>
        double.IsNaN(microseconds) ? "-" : microseconds.ToString(microseconds >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);

    private static string Woken(double perCall) =>
        double.IsNaN(perCall) ? "-" : perCall.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ratio(double value, double reference) =>
        reference > 0 && !double.IsNaN(value) ? (value / reference).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "-";
}
