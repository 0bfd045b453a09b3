using System.Diagnostics;

namespace SimpleRpc.Bench.CallPath;

/// <summary>
/// Measures a scenario: a warm-up, then sequential calls for latency, then a fixed time with
/// <see cref="BenchOptions.InFlight"/> calls in flight on one connection (1×64), then as long with
/// <see cref="BenchOptions.WideInFlight"/> in flight on each of <see cref="BenchOptions.WideConnections"/>
/// connections (8×16). Every loop is bounded in count and in time; a watchdog aborts the clients
/// if a phase overruns.
/// </summary>
internal sealed class Harness(BenchOptions options, Action<string> report)
{
    private static readonly TimeSpan WatchdogSlack = TimeSpan.FromSeconds(20);

    /// <summary>The warm-up round: JIT and tiering, pools, connections, in this process and in the server and stub.</summary>
    /// <returns>Null, or why the path failed.</returns>
    public async Task<string?> WarmUpAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        try
        {
            await WithWatchdogAsync(scenario, options.WarmupTime * 3, () => CallForAsync(scenario, options.WarmupTime, wide: true), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failed(scenario, ex);
        }
    }

    /// <summary>A short re-warm, then latency, then the 1×64 phase between two readings of the consoles' allocated bytes, then the wide phase.</summary>
    public async Task<ScenarioResult> MeasureAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult { Scenario = scenario };
        try
        {
            await WithWatchdogAsync(scenario, options.WarmupTime, () => CallForAsync(scenario, options.WarmupTime / 4, wide: false), cancellationToken).ConfigureAwait(false);
            await WithWatchdogAsync(scenario, options.PhaseTime, () => LatencyAsync(scenario, result), cancellationToken).ConfigureAwait(false);

            // Outside the timed window: the server's stats forces a full GC. Each read is bounded.
            var before = await Task.WhenAll(scenario.Consoles.Select(c => c.ReadAllocatedBytesAsync())).ConfigureAwait(false);
            await WithWatchdogAsync(scenario, options.PhaseTime, () => ThroughputAsync(scenario, result), cancellationToken).ConfigureAwait(false);
            var after = await Task.WhenAll(scenario.Consoles.Select(c => c.ReadAllocatedBytesAsync())).ConfigureAwait(false);
            for (var i = 0; i < scenario.Consoles.Count; i++)
            {
                result.ConsoleBytesPerCall.Add((scenario.Consoles[i].Label, result.ThroughputCalls == 0 ? double.NaN : (after[i] - before[i]) / result.ThroughputCalls));
            }

            if (scenario.Wide.Count > 0)
            {
                await WithWatchdogAsync(scenario, options.PhaseTime, () => WideAsync(scenario, result), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result.Failure = Failed(scenario, ex);
        }

        return result;
    }

    private string Failed(Scenario scenario, Exception ex)
    {
        var failure = $"{ex.GetType().Name}: {ex.Message}";
        report($"  {scenario.Key} FAILED: {failure}");
        return failure;
    }

    private static async Task WithWatchdogAsync(Scenario scenario, TimeSpan phase, Func<Task> run, CancellationToken cancellationToken)
    {
        var work = run();
        try
        {
            await work.WaitAsync(phase + WatchdogSlack, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Calls take no token (so every path pays the same); closing the clients fails them.
            scenario.Abort();
            try
            {
                await work.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The abort's own failure is not the news; the overrun is.
            }

            throw;
        }
    }

    // Sequential calls for the given time (at most WarmupCalls), then as long again with InFlight
    // calls in flight, then (wide) as long again on the wide shape's connections.
    private async Task CallForAsync(Scenario scenario, TimeSpan time, bool wide)
    {
        var stopAt = Stopwatch.GetTimestamp() + Ticks(time);
        for (var i = 0; i < options.WarmupCalls && Stopwatch.GetTimestamp() < stopAt; i++)
        {
            await scenario.Call(i, 1).ConfigureAwait(false);
        }

        await InFlightAsync([scenario.Call], options.InFlight, time, options.WarmupCalls * 10L).ConfigureAwait(false);
        if (wide && scenario.Wide.Count > 0)
        {
            await InFlightAsync(scenario.Wide, options.WideInFlight, time, options.WarmupCalls * 10L).ConfigureAwait(false);
        }
    }

    private async Task LatencyAsync(Scenario scenario, ScenarioResult result)
    {
        var samples = new long[options.LatencyCalls];
        var count = 0;
        var processes = ServingProcesses(scenario);
        var cpuBefore = processes.Sum(p => ProcessCounters.CpuTime(p.Process).TotalMicroseconds);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var stopAt = Stopwatch.GetTimestamp() + Ticks(options.PhaseTime);
        while (count < samples.Length)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= stopAt)
            {
                break;
            }

            await scenario.Call(count, 2).ConfigureAwait(false);
            samples[count++] = Stopwatch.GetTimestamp() - start;
        }

        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var cpu = processes.Sum(p => ProcessCounters.CpuTime(p.Process).TotalMicroseconds) - cpuBefore;
        foreach (var (_, process) in processes)
        {
            process.Dispose();
        }

        result.SequentialCpuUsPerCall = count == 0 ? 0 : cpu / count;
        Array.Sort(samples, 0, count);
        result.LatencyCalls = count;
        result.P50Us = Percentile(samples, count, 0.50);
        result.P90Us = Percentile(samples, count, 0.90);
        result.P99Us = Percentile(samples, count, 0.99);
        result.AllocatedBytesPerCall = count == 0 ? 0 : (double)allocated / count;
    }

    // The 1×64 phase: calls/s, and CPU and threads woken per call of every process serving the path.
    private async Task ThroughputAsync(Scenario scenario, ScenarioResult result)
    {
        var processes = ServingProcesses(scenario);
        try
        {
            var cpuBefore = processes.Select(p => ProcessCounters.CpuTime(p.Process)).ToArray();
            var switchesBefore = processes.Select(p => ProcessCounters.ContextSwitches(p.Process.Id)).ToArray();
            var watch = Stopwatch.StartNew();
            var calls = await InFlightAsync([scenario.Call], options.InFlight, options.PhaseTime, options.MaxThroughputCalls).ConfigureAwait(false);
            var elapsed = watch.Elapsed;
            var cpuAfter = processes.Select(p => ProcessCounters.CpuTime(p.Process)).ToArray();
            var switchesAfter = processes.Select(p => ProcessCounters.ContextSwitches(p.Process.Id)).ToArray();
            result.ThroughputCalls = calls;
            result.CallsPerSecond = calls / elapsed.TotalSeconds;
            for (var i = 0; i < processes.Count; i++)
            {
                result.CpuPerCall.Add((processes[i].Label, calls == 0 ? 0 : (cpuAfter[i] - cpuBefore[i]).TotalMicroseconds / calls));
                result.SwitchesPerCall.Add((processes[i].Label, calls == 0 || switchesBefore[i] < 0 || switchesAfter[i] < 0 ? double.NaN : Math.Max(0, switchesAfter[i] - switchesBefore[i]) / (double)calls));
            }
        }
        finally
        {
            foreach (var (_, process) in processes)
            {
                process.Dispose();
            }
        }
    }

    // This process (the app side and the harness), then every process that serves the path.
    private static List<(string Label, Process Process)> ServingProcesses(Scenario scenario)
    {
        var processes = new List<(string Label, Process Process)> { ("bench", Process.GetCurrentProcess()) };
        processes.AddRange(scenario.Processes.Select(p => (p.Label, Process.GetProcessById(p.Pid))));
        return processes;
    }

    // The wide phase: calls/s only (CPU and allocations are the 1×64 phase's).
    private async Task WideAsync(Scenario scenario, ScenarioResult result)
    {
        var watch = Stopwatch.StartNew();
        var calls = await InFlightAsync(scenario.Wide, options.WideInFlight, options.PhaseTime, options.MaxThroughputCalls).ConfigureAwait(false);
        result.WideCalls = calls;
        result.WideCallsPerSecond = calls / watch.Elapsed.TotalSeconds;
    }

    // perClient workers on each client, each making one call after another until the time or the
    // count runs out; worker w uses client w % clients.Count.
    private static async Task<long> InFlightAsync(IReadOnlyList<Func<int, int, Task>> clients, int perClient, TimeSpan duration, long maxCalls)
    {
        long completed = 0;
        var stopAt = Stopwatch.GetTimestamp() + Ticks(duration);

        async Task WorkerAsync(int worker)
        {
            var call = clients[worker % clients.Count];
            var i = 0;
            while (Stopwatch.GetTimestamp() < stopAt && Interlocked.Read(ref completed) < maxCalls)
            {
                await call(worker, i++).ConfigureAwait(false);
                Interlocked.Increment(ref completed);
            }
        }

        var workers = Enumerable.Range(0, clients.Count * perClient).Select(w => Task.Run(() => WorkerAsync(w))).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return Interlocked.Read(ref completed);
    }

    private static long Ticks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);

    // Nearest-rank percentile of the first count sorted samples, in microseconds.
    private static double Percentile(long[] sorted, int count, double quantile)
    {
        if (count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Clamp((int)Math.Ceiling(quantile * count) - 1, 0, count - 1);
        return sorted[rank] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
