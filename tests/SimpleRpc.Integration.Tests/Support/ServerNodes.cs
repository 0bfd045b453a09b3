using Newtonsoft.Json.Linq;
using SimpleRpc.Walkthrough;

namespace SimpleRpc.Integration.Tests.Support;

/// <summary>
/// A cluster of real server processes (docs/cluster.md) on loopback: a Redis of its own, nodes
/// with OS-chosen stub ports and free silo ports, and stubs connected to the nodes. Everything is
/// stopped by its own process id when disposed: stubs, then nodes, then Redis.
/// </summary>
public sealed class ServerNodes : IAsyncDisposable
{
    private readonly List<ChildProcess> _stubs = [];
    private readonly Dictionary<string, ChildProcess> _nodes = new(StringComparer.Ordinal);
    private readonly string _conf;

    private ServerNodes(RedisProcess redis, string workDir, JObject? clusterSettings)
    {
        Redis = redis;
        WorkDir = workDir;
        _conf = Path.Combine(workDir, "node.json");
        var cluster = new JObject { ["id"] = "it-" + Guid.NewGuid().ToString("N")[..8], ["redis"] = redis.Configuration };
        cluster.Merge(clusterSettings);
        // Nodes without keys, as before keys were required: they must say so.
        var conf = new JObject { ["cluster"] = cluster, ["insecure"] = true };
        File.WriteAllText(_conf, conf.ToString());
    }

    public RedisProcess Redis { get; }

    public string WorkDir { get; }

    /// <summary>Each node's stub endpoint, by the name the test gave it.</summary>
    public Dictionary<string, string> Endpoints { get; } = new(StringComparer.Ordinal);

    public ChildProcess Node(string name) => _nodes[name];

    /// <summary>The name of the node that prints a line matching <paramref name="pattern"/> first (lines printed so far count).</summary>
    /// <exception cref="TimeoutException">No node printed one within <paramref name="timeout"/>.</exception>
    public async Task<string> NodePrintingAsync(string pattern, TimeSpan timeout)
    {
        Dictionary<Task, string> waits;
        lock (_nodes)
        {
            waits = _nodes.ToDictionary(n => (Task)n.Value.WaitForLineAsync(pattern, timeout), n => n.Key);
        }

        while (waits.Count > 0)
        {
            var done = await Task.WhenAny(waits.Keys);
            if (done.IsCompletedSuccessfully)
            {
                return waits[done];
            }

            waits.Remove(done);
        }

        throw new TimeoutException($"No node printed /{pattern}/ within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>Starts Redis and the named nodes (at once: each start costs seconds).</summary>
    public static Task<ServerNodes> StartAsync(params string[] nodes) => StartAsync(persistentRedis: false, nodes);

    /// <summary>As <see cref="StartAsync(string[])"/>, with a Redis that keeps its data across a restart when <paramref name="persistentRedis"/>.</summary>
    public static Task<ServerNodes> StartAsync(bool persistentRedis, params string[] nodes) => StartAsync(persistentRedis, null, nodes);

    /// <summary>As <see cref="StartAsync(bool, string[])"/>, with more keys in every node's <c>cluster</c> conf.</summary>
    public static async Task<ServerNodes> StartAsync(bool persistentRedis, JObject? clusterSettings, params string[] nodes)
    {
        if (!RedisProcess.IsInstalled)
        {
            Assert.Inconclusive("redis-server is not installed (apt-get install redis-server; .ci/run installs it)");
        }

        var redis = await RedisProcess.StartAsync(persistentRedis);
        var cluster = new ServerNodes(redis, Directory.CreateTempSubdirectory("simplerpc-cluster-").FullName, clusterSettings);
        try
        {
            await Task.WhenAll(nodes.Select(cluster.StartNodeAsync));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more node and waits until it listens (it has caught up with the catalogue by then).</summary>
    public async Task StartNodeAsync(string name)
    {
        var args = new List<string> { "--conf-dir", Path.Combine(Cluster.RepoRoot, "conf"), "-c", _conf, "--port", "0", "--shell", "--data-dir", Path.Combine(WorkDir, "node-" + name) };
        var process = ChildProcess.StartDotnet("node " + name, Assembly("Server", "SimpleRpc.Server.dll"), args, WorkDir, TestContext.Progress.WriteLine);
        lock (_nodes)
        {
            _nodes[name] = process;
        }

        var endpoint = (await process.WaitForLineAsync(@"listening on (\S+)", Cluster.StepTimeout)).Groups[1].Value;
        lock (_nodes)
        {
            Endpoints[name] = endpoint;
        }
    }

    /// <summary>Starts a stub connected to <paramref name="node"/>; waits for its ready line unless <paramref name="waitReady"/> is false.</summary>
    public Task<StubProcess> StartStubAsync(string name, string node, bool shell = true, bool waitReady = true) =>
        StartStubAsync(name, ["--server", Endpoints[node]], shell, waitReady);

    /// <summary>Starts a stub whose conf lists <paramref name="nodes"/> as its <c>servers</c>, in that order.</summary>
    public Task<StubProcess> StartFailoverStubAsync(string name, params string[] nodes)
    {
        var conf = Path.Combine(WorkDir, name + ".json");
        File.WriteAllText(conf, new JObject { ["servers"] = new JArray(nodes.Select(n => Endpoints[n])), ["insecure"] = true }.ToString());
        return StartStubAsync(name, ["-c", conf], shell: true, waitReady: true);
    }

    private async Task<StubProcess> StartStubAsync(string name, IEnumerable<string> serverArgs, bool shell, bool waitReady)
    {
        var proxyDir = Path.Combine(WorkDir, "proxies", name + "-" + _stubs.Count);
        List<string> args = ["--conf-dir", Path.Combine(Cluster.RepoRoot, "conf"), .. serverArgs, "--name", name, "--app-port", "0", "--proxy-dir", proxyDir];
        if (shell)
        {
            args.Add("--shell");
        }

        var process = ChildProcess.StartDotnet("stub " + name, Assembly("ClientStub", "SimpleRpc.ClientStub.dll"), args, WorkDir, TestContext.Progress.WriteLine);
        lock (_stubs)
        {
            _stubs.Add(process);
        }

        var stub = new StubProcess(process, proxyDir);
        if (waitReady)
        {
            await stub.WaitReadyAsync();
        }

        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_stubs))
        {
            await process.DisposeAsync();
        }

        await Task.WhenAll(_nodes.Values.Select(p => p.DisposeAsync().AsTask()));
        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Assembly(string project, string assembly)
    {
        var path = Path.Combine(Cluster.RepoRoot, project, "bin", BuildInfo.Configuration, "net10.0", assembly);
        Assert.That(path, Does.Exist, "build the solution first");
        return path;
    }
}
