using System.CommandLine;
using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Walkthrough;

// `dotnet run --project tools/Walkthrough`: the seed's walk-through, end to end, with real processes.
var clusterOption = new Option<int>("--cluster")
{
    HelpName = "n",
    Description = "Run it on a cluster: a redis-server of its own and n server nodes, the stubs spread over them (each lists every node); after TestApp, kill -9 one node and repeat the calls through the survivors.",
};
clusterOption.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 2)
    {
        result.AddError("--cluster needs a number of nodes, 2 or more.");
    }
});
var commandLine = new CommandLine(
        "walkthrough",
        "SimpleRpc walk-through: starts a server and three stubs on loopback (OS-chosen ports), registers Modules/z.cs from a stub console, waits for the proxy on every stub, builds TestApp against the synced proxies and runs it. Stops every process it started. Run it with: dotnet run --project tools/Walkthrough [-- options]")
    .Add("verbose", null, null, "Also show every line the processes print.")
    .Add("no-build-app", null, null, "Run TestApp as built against its checked-in proxies.")
    .Add(clusterOption)
    .Add("work-dir", null, "dir", "Scratch folder for proxies and logs (default: a new temp folder).");
IReadOnlyDictionary<string, string> values;
try
{
    var parsed = commandLine.ParseResult(args);
    if (commandLine.RunBuiltIn(parsed))
    {
        return 0;
    }

    values = commandLine.Values(parsed);
}
catch (ConfException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
}

var workDir = values.TryGetValue("work-dir", out var work)
    ? Path.GetFullPath(work)
    : Path.Combine(Path.GetTempPath(), "simplerpc-walkthrough-" + Environment.ProcessId);
var clusterNodes = values.TryGetValue("cluster", out var nodes) ? int.Parse(nodes, System.Globalization.CultureInfo.InvariantCulture) : 0;

var options = new WalkthroughOptions
{
    RepoRoot = BuildInfo.FindRepoRoot(AppContext.BaseDirectory),
    WorkDir = workDir,
    BuildApp = values.GetValueOrDefault("no-build-app") != "true",
    Echo = values.GetValueOrDefault("verbose") == "true" ? Console.WriteLine : null,
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
