using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SimpleRpc.Walkthrough;

/// <summary>The walk-through on a cluster (docs/cluster.md): Redis, several nodes, stubs spread over them, a node killed.</summary>
public sealed partial class WalkthroughRunner
{
    private readonly List<ChildProcess> _nodes = [];
    private RedisProcess? _redis;

    private async Task<List<string>> StartNodesAsync(WalkthroughResult result)
    {
        var count = _options.ClusterNodes;
        Step(1, $"Start a redis-server of its own (free loopback port, temp folder) and {count} server nodes (port 0 each, dashboard port 0 each)");
        _redis = await RedisProcess.StartAsync().ConfigureAwait(false);
        _options.Report($"    redis-server on {_redis.Configuration} (pid {_redis.Id})");
        var conf = Path.Combine(_options.WorkDir, "node.json");
        var cluster = new JsonObject { ["id"] = "walkthrough-" + Environment.ProcessId, ["redis"] = _redis.Configuration };
        await File.WriteAllTextAsync(conf, new JsonObject { ["cluster"] = cluster, ["insecure"] = true }.ToJsonString()).ConfigureAwait(false);

        // Started at once: each node's start (silo join, catch-up) takes seconds.
        var starting = Enumerable.Range(1, count).Select(async n =>
        {
            // --dashboard-port 0: each node serves its own dashboard, on a port the OS chooses (one fixed port would be taken by the first node).
            var node = Start("node " + n, "Server", "SimpleRpc.Server.dll", ["-c", conf, "--port", "0", "--dashboard-port", "0", "--shell", "--data-dir", Path.Combine(_options.WorkDir, "node-" + n)]);
            lock (_nodes)
            {
                _nodes.Add(node);
            }

            return (await node.WaitForLineAsync(@"listening on (\S+)", _options.StepTimeout).ConfigureAwait(false)).Groups[1].Value;
        }).ToList();
        var endpoints = (await Task.WhenAll(starting).ConfigureAwait(false)).ToList();
        _nodes.Sort((a, b) => string.CompareOrdinal(a.Label, b.Label));
        for (var n = 0; n < count; n++)
        {
            _options.Report($"    node {n + 1} listening on {endpoints[n]} (pid {_nodes[n].Id})");
            await ReportDashboardAsync(_nodes[n], "node " + (n + 1), result).ConfigureAwait(false);
        }

        return endpoints;
    }

    /// <summary>The stub's conf (conf/default.json or conf/&lt;name&gt;.json) with <c>servers</c> listing every node, its own first.</summary>
    private string WriteFailoverConf(string? conf, string label, IReadOnlyList<string> servers, int index)
    {
        var source = Path.Combine(_options.RepoRoot, "conf", (conf ?? "default") + ".json");
        var json = JsonNode.Parse(File.ReadAllText(source))!.AsObject();
        json.Remove("server");
        json["servers"] = new JsonArray(servers.Select((_, i) => (JsonNode)servers[(index + i) % servers.Count]!).ToArray());
        var path = Path.Combine(_options.WorkDir, "stub-" + label + ".json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private async Task FailOverAsync(List<Stub> stubs, WalkthroughResult result)
    {
        var moved = stubs[0];
        Step(9, $"kill -9 node 1 (stub '{moved.Name}''s node); the stub resumes on another node it lists");
        var mark = moved.Process.LineCount;
        var watch = Stopwatch.StartNew();
        _nodes[0].Kill();
        var reconnected = await moved.Process.WaitForLineAsync(@"Reconnected to (\S+) as (\S+)", _options.StepTimeout, mark).ConfigureAwait(false);
        if (reconnected.Groups[2].Value != moved.Name)
        {
            throw new WalkthroughException($"Stub '{moved.Name}' came back as '{reconnected.Groups[2].Value}'.");
        }

        result.FailoverMilliseconds = watch.ElapsedMilliseconds;
        _options.Report($"    '{moved.Name}' resumed on {reconnected.Groups[1].Value} as '{moved.Name}' {result.FailoverMilliseconds} ms after the kill");

        Step(10, "Repeat the calls through the survivors: z.Add from every stub's console, then TestApp again");
        foreach (var stub in stubs)
        {
            var before = stub.Process.LineCount;
            stub.Process.Send("call z.Add(2, 3)");
            var answer = await stub.Process.WaitForLineAsync(@"^z\.Add = .*|error.*", _options.StepTimeout, before).ConfigureAwait(false);
            if (answer.Value != "z.Add = 5")
            {
                throw new WalkthroughException($"Stub '{stub.Name}' answered '{answer.Value}' to z.Add(2, 3) after the kill.");
            }

            _options.Report($"    {stub.Name}: {answer.Value}");
        }

        var app = Start("app again", "TestApp", "SimpleRpc.TestApp.dll", ["--stub", moved.AppEndpoint], AppPath);
        result.AppAfterFailoverExitCode = await app.WaitForExitAsync(_options.StepTimeout).ConfigureAwait(false);
        foreach (var line in app.Lines)
        {
            _options.Report("    " + line);
        }

        if (result.AppAfterFailoverExitCode != 0)
        {
            throw new WalkthroughException($"TestApp through '{moved.Name}' after the kill exited with code {result.AppAfterFailoverExitCode}.");
        }
    }
}
