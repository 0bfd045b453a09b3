using SimpleRpc.Walkthrough;

namespace SimpleRpc.Integration.Tests.Support;

/// <summary>
/// Real processes for a test: a server on an OS-chosen port and stubs connected to it. Every
/// process is stopped (and killed if need be, by its own id) when the cluster is disposed.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);
    private readonly List<ChildProcess> _processes = [];
    private string? _serverConf;

    private Cluster(string workDir) => WorkDir = workDir;

    public static string RepoRoot => RepositoryRoot.Path;

    public string WorkDir { get; }

    public string ServerEndpoint { get; private set; } = string.Empty;

    public ChildProcess Server { get; private set; } = null!;

    public static async Task<Cluster> StartAsync() => await StartAsync(null);

    /// <summary>Starts a cluster whose server conf is conf/server.json changed by <paramref name="editServerConf"/>.</summary>
    public static async Task<Cluster> StartAsync(Action<Newtonsoft.Json.Linq.JObject>? editServerConf)
    {
        var cluster = new Cluster(Directory.CreateTempSubdirectory("simplerpc-it-").FullName);
        if (editServerConf is not null)
        {
            var conf = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(RepoRoot, "conf", "server.json")));
            editServerConf(conf);
            cluster._serverConf = Path.Combine(cluster.WorkDir, "server-test.json");
            File.WriteAllText(cluster._serverConf, conf.ToString());
        }

        await cluster.StartServerAsync("0");
        return cluster;
    }

    /// <summary>A cluster with no server of its own: its stubs connect to <paramref name="serverEndpoint"/> (a stand-in).</summary>
    public static Cluster WithoutServer(string serverEndpoint) =>
        new(Directory.CreateTempSubdirectory("simplerpc-it-").FullName) { ServerEndpoint = serverEndpoint };

    /// <summary>Stops the server (its console's quit) and starts a new one on the same port and data folder.</summary>
    public async Task RestartServerAsync()
    {
        Server.Send("quit");
        Assert.That(await Server.WaitForExitAsync(StepTimeout), Is.Zero, "the server exits cleanly on quit");
        await StartServerAsync(ServerEndpoint[(ServerEndpoint.LastIndexOf(':') + 1)..]);
    }

    /// <summary>Kills the server process by its id, as a crash would.</summary>
    public void KillServer() => Server.Kill();

    /// <summary>Starts a server again on the same port and data folder after <see cref="KillServer"/>.</summary>
    public Task StartServerAgainAsync() => StartServerAsync(ServerEndpoint[(ServerEndpoint.LastIndexOf(':') + 1)..]);

    private async Task StartServerAsync(string port)
    {
        // The dashboard's port is chosen by the OS too: tests run beside each other and beside a developer's server.
        List<string> args = ["--port", port, "--dashboard-port", "0", "--shell", "--data-dir", Path.Combine(WorkDir, "server-data")];
        if (_serverConf is not null)
        {
            args.AddRange(["-c", _serverConf]);
        }

        Server = Start("server", "Server", "SimpleRpc.Server.dll", args);
        ServerEndpoint = (await Server.WaitForLineAsync(@"listening on (\S+)", StepTimeout)).Groups[1].Value;
    }

    /// <summary>The server's HTTP endpoint (/metrics, /healthz, /readyz), from its log line.</summary>
    public async Task<Uri> DashboardAsync() =>
        new((await Server.WaitForLineAsync(@"dashboard at (\S+)", StepTimeout)).Groups[1].Value);

    /// <summary>Starts a stub; waits for its ready line unless <paramref name="waitReady"/> is false.</summary>
    public async Task<StubProcess> StartStubAsync(string name, bool shell = true, bool waitReady = true, string? proxyDir = null, params string[] extraArgs)
    {
        proxyDir ??= Path.Combine(WorkDir, "proxies", name + "-" + _processes.Count);
        var args = new List<string> { "--server", ServerEndpoint, "--name", name, "--app-port", "0", "--proxy-dir", proxyDir };
        if (shell)
        {
            args.Add("--shell");
        }

        args.AddRange(extraArgs);

        var process = Start("stub " + name, "ClientStub", "SimpleRpc.ClientStub.dll", args);
        var stub = new StubProcess(process, proxyDir);
        if (waitReady)
        {
            await stub.WaitReadyAsync();
        }

        return stub;
    }

    /// <summary>Starts a program of the solution (the server and the stub with the repository's conf folder), with <paramref name="environment"/> added to its environment.</summary>
    public ChildProcess Start(string label, string project, string assembly, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var path = Path.Combine(RepoRoot, project, "bin", BuildInfo.Configuration, "net10.0", assembly);
        Assert.That(path, Does.Exist, "build the solution first");
        var all = project is "Server" or "ClientStub" ? new[] { "--conf-dir", Path.Combine(RepoRoot, "conf") }.Concat(args) : args;
        var process = ChildProcess.StartDotnet(label, path, all, WorkDir, TestContext.Progress.WriteLine, environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// Starts a program on a pseudo-terminal of its own, through util-linux <c>script</c> (Debian's
    /// essential bsdutils), so it sees a terminal and its console edits lines; what it draws,
    /// escape sequences included, comes back as lines, and <see cref="ChildProcess.Type"/> sends keys.
    /// </summary>
    public ChildProcess StartOnTerminal(string label, string project, string assembly, IEnumerable<string> args, IDictionary<string, string> environment)
    {
        var path = Path.Combine(RepoRoot, project, "bin", BuildInfo.Configuration, "net10.0", assembly);
        Assert.That(path, Does.Exist, "build the solution first");
        var words = new[] { "dotnet", path, "--conf-dir", Path.Combine(RepoRoot, "conf") }.Concat(args);
        var command = "exec " + string.Join(' ', words.Select(w => "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var process = ChildProcess.Start(label, "script", ["--quiet", "--flush", "--return", "--command", command, "/dev/null"], WorkDir, TestContext.Progress.WriteLine, environment);
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
