using System.Diagnostics;

namespace SimpleRpc.Walkthrough;

/// <summary>
/// Runs the seed's walk-through with real processes on loopback and OS-chosen ports: a server,
/// three stubs (default conf, conf2, conf3), a module upload from the first stub's console, the
/// proxy pushed to every stub, and TestApp built against the synced proxies and run. Every
/// process it starts is stopped at the end, also when a step fails. With
/// <see cref="WalkthroughOptions.ClusterNodes"/> the server is a cluster (WalkthroughRunner.Cluster.cs).
/// </summary>
public sealed partial class WalkthroughRunner
{
    private readonly WalkthroughOptions _options;
    private readonly List<ChildProcess> _started = [];
    private readonly Stopwatch _watch = new();

    /// <summary>Creates a runner.</summary>
    public WalkthroughRunner(WalkthroughOptions options) => _options = options;

    /// <summary>Runs every step; throws on the first that fails, after stopping every process.</summary>
    /// <exception cref="WalkthroughException">A step did not do what it should.</exception>
    /// <exception cref="TimeoutException">A step did not finish in time.</exception>
    public async Task<WalkthroughResult> RunAsync()
    {
        var result = new WalkthroughResult();
        Directory.CreateDirectory(_options.WorkDir);
        _watch.Restart();
        try
        {
            var servers = _options.ClusterNodes > 0 ? await StartNodesAsync(result).ConfigureAwait(false) : [await StartServerAsync(result).ConfigureAwait(false)];
            var stubs = await StartStubsAsync(servers, result).ConfigureAwait(false);
            await ShowDuplicateNameAsync(servers[^1], result).ConfigureAwait(false);
            await ShowMessageAsync(stubs, result).ConfigureAwait(false);
            await RegisterModuleAsync(stubs, result).ConfigureAwait(false);
            await RunAppAsync(stubs[0], result).ConfigureAwait(false);
            if (_options.ClusterNodes > 0)
            {
                await FailOverAsync(stubs, result).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            await StopAllAsync().ConfigureAwait(false);
        }
    }

    private async Task<string> StartServerAsync(WalkthroughResult result)
    {
        Step(1, "Start the server (port 0 and dashboard port 0: the OS picks them)");
        var server = Start("server", "Server", "SimpleRpc.Server.dll", ["--port", "0", "--dashboard-port", "0", "--shell"]);
        var endpoint = (await server.WaitForLineAsync(@"listening on (\S+)", _options.StepTimeout).ConfigureAwait(false)).Groups[1].Value;
        _options.Report($"    server listening on {endpoint} (pid {server.Id})");
        await ReportDashboardAsync(server, "server", result).ConfigureAwait(false);
        return endpoint;
    }

    // The server logs its dashboard's address once it listens, or why it has none (the walk-through goes on without it).
    private async Task ReportDashboardAsync(ChildProcess server, string label, WalkthroughResult result)
    {
        var line = await server.WaitForLineAsync(@"dashboard at (\S+)|No dashboard: .*", _options.StepTimeout).ConfigureAwait(false);
        if (line.Groups[1].Success)
        {
            result.DashboardUrls.Add(line.Groups[1].Value);
            _options.Report($"    {label} dashboard at {line.Groups[1].Value}");
        }
        else
        {
            _options.Report($"    {label}: {line.Value}");
        }
    }

    private async Task<List<Stub>> StartStubsAsync(IReadOnlyList<string> servers, WalkthroughResult result)
    {
        Step(2, servers.Count == 1
            ? "Start three stubs: the default conf, then -c conf2 and -c conf3"
            : "Start three stubs (the default conf, conf2, conf3), one per node, each listing every node in servers");
        // Started at once (each start costs seconds), awaited in order.
        var started = new List<(ChildProcess Process, string Label)>();
        foreach (var conf in new string?[] { null, "conf2", "conf3" })
        {
            var label = conf ?? "default";
            var args = new List<string> { "--app-port", "0", "--shell", "--proxy-dir", Path.Combine(_options.WorkDir, "proxies", label) };
            if (servers.Count > 1)
            {
                args.InsertRange(0, ["-c", WriteFailoverConf(conf, label, servers, started.Count)]);
            }
            else
            {
                args.InsertRange(0, ["--server", servers[0]]);
                if (conf is not null)
                {
                    args.InsertRange(0, ["-c", conf]);
                }
            }

            started.Add((Start("stub " + label, "ClientStub", "SimpleRpc.ClientStub.dll", args), label));
        }

        var stubs = new List<Stub>();
        foreach (var (process, label) in started)
        {
            var ready = await process.WaitForLineAsync(@"stub '([^']+)' connected to \S+; apps connect to (\S+); proxies in (.+)$", _options.StepTimeout).ConfigureAwait(false);
            var stub = new Stub(process, ready.Groups[1].Value, ready.Groups[2].Value, ready.Groups[3].Value);
            stubs.Add(stub);
            result.StubNames.Add(stub.Name);
            _options.Report($"    stub '{stub.Name}' (conf {label}, pid {process.Id}): apps connect to {stub.AppEndpoint}");
        }

        return stubs;
    }

    private async Task ShowDuplicateNameAsync(string server, WalkthroughResult result)
    {
        Step(3, "Sessions: a stub that asks for a taken name is refused and takes the suggested one");
        var args = new List<string> { "--server", server, "--app-port", "0", "--name", "alpha", "--proxy-dir", Path.Combine(_options.WorkDir, "proxies", "duplicate") };
        var process = Start("stub duplicate", "ClientStub", "SimpleRpc.ClientStub.dll", args);
        await process.WaitForLineAsync("The name alpha is taken; the server suggests", _options.StepTimeout).ConfigureAwait(false);
        result.SuggestedName = (await process.WaitForLineAsync(@"stub '([^']+)' connected", _options.StepTimeout).ConfigureAwait(false)).Groups[1].Value;
        _options.Report($"    'alpha' was refused; the non-interactive stub took the suggestion '{result.SuggestedName}'");

        // Without a shell, closing its input does not stop a stub (only a signal does), so it is
        // killed: waiting for it cost the run 10 s. Its node sees the connection close and frees the name.
        process.Kill();
    }

    private async Task ShowMessageAsync(List<Stub> stubs, WalkthroughResult result)
    {
        Step(4, "Consoles: list clients, send a message from the first stub to the second");
        stubs[0].Process.Send("clients");
        await stubs[0].Process.WaitForLineAsync(stubs[2].Name, _options.StepTimeout).ConfigureAwait(false);
        stubs[0].Process.Send($"msg {stubs[1].Name} hello from the walk-through");
        result.DeliveredMessage = (await stubs[1].Process.WaitForLineAsync(@"\[message from \S+\] hello from the walk-through", _options.StepTimeout).ConfigureAwait(false)).Value;
        _options.Report($"    '{stubs[1].Name}' printed: {result.DeliveredMessage}");
    }

    private async Task RegisterModuleAsync(List<Stub> stubs, WalkthroughResult result)
    {
        var module = Path.Combine(_options.RepoRoot, "Modules", "z.cs");
        Step(5, $"Register Modules/z.cs from the first stub's console (rm:{module})");
        stubs[0].Process.Send("rm:" + module);
        var registered = await stubs[0].Process.WaitForLineAsync(@"Registered z v\d+.*|did not compile.*|error: .*", _options.StepTimeout).ConfigureAwait(false);
        if (!registered.Value.StartsWith("Registered", StringComparison.Ordinal))
        {
            throw new WalkthroughException("Registering z failed: " + registered.Value);
        }

        _options.Report("    " + registered.Value);
        Step(6, "The server compiled it and pushed the proxy to every stub");
        foreach (var stub in stubs)
        {
            await stub.Process.WaitForLineAsync(@"Proxy z v\d+ written", _options.StepTimeout).ConfigureAwait(false);
            var file = Path.Combine(stub.ProxyDir, "z.cs");
            if (!File.Exists(file))
            {
                throw new WalkthroughException($"Stub '{stub.Name}' reported the proxy but {file} does not exist.");
            }

            result.ProxyFiles.Add(file);
            _options.Report($"    {stub.Name}: {file}");
        }
    }

    private async Task RunAppAsync(Stub stub, WalkthroughResult result)
    {
        var appDll = AppPath;
        if (_options.BuildApp)
        {
            Step(7, $"Build TestApp against '{stub.Name}''s proxy folder (the generator writes the proxy bodies)");
            await BuildAppAsync(stub.ProxyDir).ConfigureAwait(false);
        }
        else
        {
            Step(7, "Use the TestApp built against the checked-in proxies (they match the server's, see the proxy test)");
        }

        Step(8, $"Run TestApp through stub '{stub.Name}' at {stub.AppEndpoint}");
        var app = Start("app", "TestApp", "SimpleRpc.TestApp.dll", ["--stub", stub.AppEndpoint], appDll);
        result.AppExitCode = await app.WaitForExitAsync(_options.StepTimeout).ConfigureAwait(false);
        result.AppOutput.AddRange(app.Lines);
        foreach (var line in app.Lines)
        {
            _options.Report("    " + line);
        }

        if (result.AppExitCode != 0)
        {
            throw new WalkthroughException($"TestApp exited with code {result.AppExitCode}.");
        }
    }

    private string AppPath => Path.Combine(_options.RepoRoot, "TestApp", "bin", _options.Configuration, "net10.0", "SimpleRpc.TestApp.dll");

    private async Task BuildAppAsync(string proxyDir)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "build", Path.Combine(_options.RepoRoot, "TestApp", "TestApp.csproj"), "-c", _options.Configuration, "--nologo", "-v", "quiet", "-nodeReuse:false" })
        {
            info.ArgumentList.Add(arg);
        }

        // An environment variable, not -p: a global property would also rebuild Shared and the generator.
        info.Environment["SimpleRpcProxyDir"] = proxyDir;
        using var build = Process.Start(info)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await build.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        if (build.ExitCode != 0)
        {
            throw new WalkthroughException($"dotnet build TestApp failed:{Environment.NewLine}{await output.ConfigureAwait(false)}{await errors.ConfigureAwait(false)}");
        }

        _options.Report("    built TestApp with SimpleRpcProxyDir=" + proxyDir);
    }

    private ChildProcess Start(string label, string project, string assembly, IEnumerable<string> args, string? path = null)
    {
        path ??= Path.Combine(_options.RepoRoot, project, "bin", _options.Configuration, "net10.0", assembly);
        if (!File.Exists(path))
        {
            throw new WalkthroughException($"{path} does not exist; build the solution first (dotnet build).");
        }

        var allArgs = project is "Server" or "ClientStub" ? args.Prepend(Path.Combine(_options.RepoRoot, "conf")).Prepend("--conf-dir") : args;
        var process = ChildProcess.StartDotnet(label, path, allArgs, _options.WorkDir, _options.Echo);
        _started.Add(process);
        return process;
    }

    private async Task StopAllAsync()
    {
        // Apps and stubs first, then the servers, each group at once: one at a time, a cluster's
        // nodes (each leaving Orleans' membership) made the stop a good part of the run.
        foreach (var group in _started.GroupBy(p => p.Label.StartsWith("node ", StringComparison.Ordinal) || p.Label == "server").OrderBy(g => g.Key))
        {
            await Task.WhenAll(group.Select(async process =>
            {
                await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                process.Kill();
            })).ConfigureAwait(false);
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
            _options.Report("Stopped redis-server");
        }

        _options.Report($"Stopped {_started.Count} processes after {_watch.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", _started.Select(p => $"{p.Label} (pid {p.Id}{(p.HasExited ? ", exited" : ", STILL RUNNING")})"))}");
    }

    // Each step says when it began, so a slow run shows which step took the time.
    private void Step(int number, string text) => _options.Report($"[{number}] {text} (at {_watch.Elapsed.TotalSeconds:0.0} s)");

    private sealed record Stub(ChildProcess Process, string Name, string AppEndpoint, string ProxyDir);
}
