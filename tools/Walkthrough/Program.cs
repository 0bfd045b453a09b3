using SimpleRpc.Walkthrough;

// `dotnet run --project tools/Walkthrough`: the seed's walk-through, end to end, with real processes.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        SimpleRpc walk-through: starts a server and three stubs on loopback (OS-chosen ports),
        registers Modules/z.cs from a stub console, waits for the proxy on every stub, builds
        TestApp against the synced proxies and runs it. Stops every process it started.

        Usage: dotnet run --project tools/Walkthrough [-- options]

        Options:
          --verbose        Also show every line the processes print.
          --no-build-app   Run TestApp as built against its checked-in proxies.
          --cluster <n>    Run it on a cluster: a redis-server of its own and n server nodes,
                           the stubs spread over them (each lists every node); after TestApp,
                           kill -9 one node and repeat the calls through the survivors.
          --work-dir <dir> Scratch folder for proxies and logs (default: a new temp folder).
          -h, --help       Show this help.
        """);
    return 0;
}

var workIndex = Array.IndexOf(args, "--work-dir");
var workDir = workIndex >= 0 && workIndex + 1 < args.Length
    ? Path.GetFullPath(args[workIndex + 1])
    : Path.Combine(Path.GetTempPath(), "simplerpc-walkthrough-" + Environment.ProcessId);
var clusterIndex = Array.IndexOf(args, "--cluster");
var clusterNodes = 0;
if (clusterIndex >= 0 && (clusterIndex + 1 >= args.Length || !int.TryParse(args[clusterIndex + 1], System.Globalization.CultureInfo.InvariantCulture, out clusterNodes) || clusterNodes < 2))
{
    Console.Error.WriteLine("--cluster needs a number of nodes, 2 or more.");
    return 2;
}

var options = new WalkthroughOptions
{
    RepoRoot = BuildInfo.FindRepoRoot(AppContext.BaseDirectory),
    WorkDir = workDir,
    BuildApp = !args.Contains("--no-build-app"),
    Echo = args.Contains("--verbose") ? Console.WriteLine : null,
    ClusterNodes = clusterNodes,
};

Console.WriteLine($"SimpleRpc walk-through ({options.Configuration} build, {(clusterNodes > 0 ? clusterNodes + " cluster nodes" : "one server")}, scratch folder {workDir})");
try
{
    var result = await new WalkthroughRunner(options).RunAsync();
    Console.WriteLine($"Walk-through passed: stubs {string.Join(", ", result.StubNames)}; duplicate name became '{result.SuggestedName}'; message delivered; proxy on {result.ProxyFiles.Count} stubs; TestApp exit code {result.AppExitCode}{(result.FailoverMilliseconds is { } failover ? $"; after kill -9 of a node its stub resumed in {failover} ms and TestApp exited {result.AppAfterFailoverExitCode}" : string.Empty)}.");
    return 0;
}
catch (Exception ex) when (ex is WalkthroughException or TimeoutException or IOException or InvalidOperationException)
{
    Console.Error.WriteLine("Walk-through FAILED: " + ex.Message);
    return 1;
}
