using SimpleRpc.Walkthrough;

namespace SimpleRpc.Bench.CallPath;

/// <summary>
/// The real SimpleRpc processes: the built Server and one ClientStub (the default conf, which
/// carries a publish key), on OS-chosen loopback ports with scratch folders, and <c>z</c>
/// registered from the stub's console. Disposing stops both, each by its own id; so does
/// Ctrl+C or the end of this process (<see cref="KillAllStarted"/>).
/// </summary>
internal sealed class SimpleRpcHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RegisterTimeout = TimeSpan.FromSeconds(120);
    private static readonly List<ChildProcess> Live = [];
    private static readonly List<string> LiveScratch = [];
    private readonly List<ChildProcess> _started = [];
    private readonly string _scratch;
    private readonly Action<string> _report;

    private SimpleRpcHost(string scratch, Action<string> report)
    {
        _scratch = scratch;
        _report = report;
    }

    public string ServerEndpoint { get; private set; } = "";

    public string AppEndpoint { get; private set; } = "";

    /// <summary>An app-side client of the stub, with the read spin asked for.</summary>
    public SimpleRpc.Client.RpcClient NewClient() => AppReadSpin is { } spin ? new SimpleRpc.Client.RpcClient(AppEndpoint) { ReadSpin = spin } : new SimpleRpc.Client.RpcClient(AppEndpoint);

    /// <summary>What the bench's app-side clients spin before their reading thread sleeps (<c>--app-read-spin</c>); null: RpcClient's default.</summary>
    public TimeSpan? AppReadSpin { get; private set; }

    public int ServerPid { get; private set; }

    public int StubPid { get; private set; }

    /// <summary>The worker process that runs z (<c>isolation: process</c>), or 0 in-process.</summary>
    public int WorkerPid { get; private set; }

    /// <summary>
    /// What serves the SimpleRpc paths: the stub, the server and the worker count for CPU (the
    /// stub also in the server-only rows, where it should be idle); the stub's and the server's
    /// consoles say what they allocated. The worker has no console: its allocations are not counted.
    /// </summary>
    public ServingProcesses Serving { get; private set; } = ServingProcesses.None;

    /// <summary>The configuration to use: the one asked for, else Release when both are built, else Debug.</summary>
    public static string PickConfiguration(string repoRoot, string? asked) =>
        asked ?? (File.Exists(ServerDll(repoRoot, "Release")) && File.Exists(StubDll(repoRoot, "Release")) ? "Release" : "Debug");

    public static string ServerDll(string repoRoot, string configuration) =>
        Path.Combine(repoRoot, "Server", "bin", configuration, "net10.0", "SimpleRpc.Server.dll");

    public static string StubDll(string repoRoot, string configuration) =>
        Path.Combine(repoRoot, "ClientStub", "bin", configuration, "net10.0", "SimpleRpc.ClientStub.dll");

    /// <summary>Kills every server and stub still running, each by its own id (Ctrl+C, process exit).</summary>
    public static void KillAllStarted()
    {
        lock (Live)
        {
            foreach (var process in Live)
            {
                process.Kill();
            }

            foreach (var scratch in LiveScratch)
            {
                DeleteScratch(scratch);
            }
        }
    }

    /// <exception cref="InvalidOperationException">A build is missing, or z did not register.</exception>
    /// <exception cref="TimeoutException">A process did not print what it should in time (the message has its last lines).</exception>
    public static async Task<SimpleRpcHost> StartAsync(string repoRoot, string configuration, BenchOptions options, Action<string> report)
    {
        var isolation = options.Isolation;
        var verbose = options.Verbose;
        var serverDll = ServerDll(repoRoot, configuration);
        var stubDll = StubDll(repoRoot, configuration);
        foreach (var dll in new[] { serverDll, stubDll })
        {
            if (!File.Exists(dll))
            {
                throw new InvalidOperationException($"{dll} does not exist: run `dotnet build -c {configuration} Server ClientStub` first.");
            }
        }

        var scratch = Directory.CreateTempSubdirectory("simplerpc-bench-").FullName;
        // The repository's confs, with the server's isolation and the read spins as asked.
        var conf = Directory.CreateDirectory(Path.Combine(scratch, "conf")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(repoRoot, "conf"), "*.json"))
        {
            File.Copy(file, Path.Combine(conf, Path.GetFileName(file)));
        }

        var serverConf = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(conf, "server.json")));
        serverConf["isolation"] = isolation;

        // The server-only paths' connections sit idle while other paths are measured, for longer
        // than the default 90 s with several rounds; the server must not close them meanwhile.
        serverConf["idleTimeoutSeconds"] = 3600;
        if (options.ServerReadSpin is { } serverSpin)
        {
            serverConf["readSpinMicroseconds"] = serverSpin;
        }

        File.WriteAllText(Path.Combine(conf, "server.json"), serverConf.ToString());
        if (options.StubReadSpin is { } stubSpin)
        {
            var stubConf = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(conf, "default.json")));
            stubConf["readSpinMicroseconds"] = stubSpin;
            File.WriteAllText(Path.Combine(conf, "default.json"), stubConf.ToString());
        }

        Action<string>? echo = verbose ? Console.WriteLine : null;
        var host = new SimpleRpcHost(scratch, report) { AppReadSpin = options.AppReadSpin is { } spin ? TimeSpan.FromMicroseconds(spin) : null };
        lock (Live)
        {
            LiveScratch.Add(scratch);
        }

        try
        {
            var server = host.Start(ChildProcess.StartDotnet(
                "server", serverDll, ["--conf-dir", conf, "--port", "0", "--shell", "--data-dir", Path.Combine(scratch, "data")], scratch, echo));
            host.ServerPid = server.Id;
            host.ServerEndpoint = (await server.WaitForLineAsync(@"listening on (\S+)", StartTimeout).ConfigureAwait(false)).Groups[1].Value;
            report($"  server pid {server.Id} listening on {host.ServerEndpoint} ({configuration} build of {File.GetLastWriteTime(serverDll):yyyy-MM-dd HH:mm})");

            var stub = host.Start(ChildProcess.StartDotnet(
                "stub", stubDll, ["--conf-dir", conf, "--server", host.ServerEndpoint, "--app-port", "0", "--shell", "--proxy-dir", Path.Combine(scratch, "proxies")], scratch, echo));
            host.StubPid = stub.Id;
            host.AppEndpoint = (await stub.WaitForLineAsync(@"apps connect to (\S+);", StartTimeout).ConfigureAwait(false)).Groups[1].Value;
            report($"  stub pid {stub.Id}: apps connect to {host.AppEndpoint}");

            var from = stub.LineCount;
            stub.Send("rm:" + Path.Combine(repoRoot, "Modules", "z.cs"));
            var registered = await stub.WaitForLineAsync(@"Registered z v1\b.*|did not compile.*|error: .*", RegisterTimeout, from).ConfigureAwait(false);
            if (!registered.Value.StartsWith("Registered", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Registering z failed: " + registered.Value);
            }

            report($"  {registered.Value}");
            if (isolation == "process")
            {
                // The worker starts on z's first call; its CPU counts in the SimpleRpc rows.
                var mark = server.LineCount;
                await using (var client = new SimpleRpc.Client.RpcClient(host.AppEndpoint))
                {
                    await client.InvokeAsync<int>(new SimpleRpc.Client.RpcMethod("z", 1, "Add(int,int)"), [1, 2], CancellationToken.None).ConfigureAwait(false);
                }

                var started = await server.WaitForLineAsync(@"Started worker process (\d+) for z", StartTimeout, mark).ConfigureAwait(false);
                host.WorkerPid = int.Parse(started.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                report($"  worker pid {host.WorkerPid} runs z (isolation: process)");
            }

            host.Serving = new ServingProcesses(
                host.WorkerPid == 0
                    ? [("stub", host.StubPid), ("server", host.ServerPid)]
                    : [("stub", host.StubPid), ("server", host.ServerPid), ("worker", host.WorkerPid)],
                [new ConsoleProbe("stub", stub), new ConsoleProbe("server", server)]);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private ChildProcess Start(ChildProcess process)
    {
        _started.Add(process);
        lock (Live)
        {
            Live.Add(process);
        }

        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_started))
        {
            await process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            process.Kill();
            _report($"  stopped {process.Label} (pid {process.Id}{(process.HasExited ? ", exited" : ", STILL RUNNING")})");
            lock (Live)
            {
                Live.Remove(process);
            }

            await process.DisposeAsync().ConfigureAwait(false);
        }

        _started.Clear();
        lock (Live)
        {
            LiveScratch.Remove(_scratch);
        }

        DeleteScratch(_scratch);
    }

    private static void DeleteScratch(string scratch)
    {
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
