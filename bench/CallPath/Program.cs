using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using SimpleRpc.Bench.CallPath;

// SimpleRpc's call path against the floor (raw TCP) and StreamJsonRpc, in one run: see bench/README.md.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

var repoRoot = FindRepoRoot();
if (repoRoot is null)
{
    Console.Error.WriteLine("Run this from the SimpleRpc repository (no SimpleRpc.sln found above the current folder).");
    return 2;
}

// Whatever ends this process, the server and stub it started end with it.
Console.CancelKeyPress += (_, _) => SimpleRpcHost.KillAllStarted();
AppDomain.CurrentDomain.ProcessExit += (_, _) => SimpleRpcHost.KillAllStarted();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => SimpleRpcHost.KillAllStarted());
using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => SimpleRpcHost.KillAllStarted());

var configuration = SimpleRpcHost.PickConfiguration(repoRoot, options.Configuration);
void Say(string line) => Console.WriteLine(line);
var total = Stopwatch.StartNew();
Say($"SimpleRpc call-path benchmark, {DateTime.Now:yyyy-MM-dd HH:mm}");
Say($"  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, load average {LoadAverage()}");
Say($"  Server and ClientStub: {configuration} build, isolation {options.Isolation}; per path and round: {options.LatencyCalls} sequential calls (at most {options.PhaseTime.TotalSeconds:0} s), then {options.PhaseTime.TotalSeconds:0} s with 1×{options.InFlight} in flight, then {options.PhaseTime.TotalSeconds:0} s with {options.WideConnections}×{options.WideInFlight}; {options.Rounds} round(s)");
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is { } inline)
{
    Say($"  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS={inline} (the server and stub inherit it)");
}

var harness = new Harness(options, Say);
var paths = new PathConnector(options, Say);
var results = new List<ScenarioResult>();
var ready = paths.Ready;
var wantSimpleRpc = CallPaths.SimpleRpcKeys.Any(options.Includes);
SimpleRpcHost? host = null;
string? hostFailure = null;
try
{
    // The processes start first, so every scenario runs beside the same (idle) server and stub.
    if (wantSimpleRpc)
    {
        Say("Starting the SimpleRpc server and stub, registering z:");
        try
        {
            host = await SimpleRpcHost.StartAsync(repoRoot, configuration, options, Say);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or System.ComponentModel.Win32Exception)
        {
            hostFailure = ex.Message;
            Say("  " + hostFailure);
        }
    }

    await using var echo = RawTcp.StartEchoServer();
    await using var echoRelay = RawTcp.StartRelay(echo.Endpoint);
    await using var sjrServer = StreamJsonRpcPath.StartServer();
    await using var sjrRelay = RawTcp.StartRelay(sjrServer.Endpoint);

    Say("Connecting every path:");
    await CallPaths.ConnectLocalAsync(paths, echo.Endpoint, echoRelay.Endpoint, sjrServer.Endpoint, sjrRelay.Endpoint);
    if (host is not null)
    {
        await CallPaths.ConnectSimpleRpcAsync(paths, host);
    }
    else if (wantSimpleRpc)
    {
        Say("  SimpleRpc scenarios skipped: " + hostFailure);
    }

    results.AddRange(paths.Failed);
    try
    {
        // A whole round of warm-ups first, so no path is measured while another's code (or the
        // server's) is still being tiered up by the JIT.
        Say($"Warming up every path ({ready.Count} × {options.WarmupTime.TotalSeconds * 2:0}–{options.WarmupTime.TotalSeconds * 3:0} s):");
        foreach (var scenario in ready.ToList())
        {
            if (await harness.WarmUpAsync(scenario, CancellationToken.None) is { } failure)
            {
                results.Add(new ScenarioResult { Scenario = scenario, Failure = failure });
                ready.Remove(scenario);
            }
        }

        // Several rounds alternate their order, so a slow patch on a shared machine does not
        // always land on the same path; each figure is then the median over the rounds.
        var rounds = ready.ToDictionary(s => s.Key, _ => new List<ScenarioResult>(), StringComparer.Ordinal);
        for (var round = 1; round <= options.Rounds; round++)
        {
            Say(options.Rounds == 1 ? "Measuring:" : $"Measuring, round {round} of {options.Rounds}:");
            foreach (var scenario in round % 2 == 1 ? ready : Enumerable.Reverse(ready))
            {
                var result = await harness.MeasureAsync(scenario, CancellationToken.None);
                rounds[scenario.Key].Add(result);
                Say(Report.Line(result, options));
            }
        }

        results.AddRange(rounds.Values.Select(ScenarioResult.Median));
    }
    finally
    {
        foreach (var scenario in ready)
        {
            scenario.Abort();
        }
    }
}
finally
{
    if (host is not null)
    {
        Say("Stopping:");
        await host.DisposeAsync();
    }
}

Say("Timing the Shared runtime's per-message pieces (each SimpleRpc hop runs them):");
var pieces = RuntimePieces.Measure();
Say(string.Empty);
Say(Report.Format([.. results.OrderBy(r => r.Scenario.Key, StringComparer.Ordinal)], options));
Say(pieces);
Say($"Whole run: {total.Elapsed.TotalSeconds:0} s. Absolute times move 1.5–3× between runs on this VM: compare ratios within one run.");
return results.Any(r => r.Failure is not null) || hostFailure is not null ? 1 : 0;

static string? FindRepoRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SimpleRpc.sln")))
            {
                return dir.FullName;
            }
        }
    }

    return null;
}

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "unknown";
    }
    catch (UnauthorizedAccessException)
    {
        return "unknown";
    }
}
