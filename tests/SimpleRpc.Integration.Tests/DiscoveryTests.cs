using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// <c>rpc.discover</c> on a real stub: the OpenRPC document lists every function of the modules
/// the stub has synced, and follows the proxy folder as modules come and go.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class DiscoveryTests
{
    private Cluster _cluster = null!;
    private StubProcess _stub = null!;

    [OneTimeSetUp]
    public async Task StartClusterWithTwoModules()
    {
        _cluster = await Cluster.StartAsync();
        _stub = await _cluster.StartStubAsync("discoverer");
        foreach (var module in new[] { "geometry", "text" })
        {
            var mark = _stub.Process.LineCount;
            Assert.That(await _stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", module + ".cs")), Does.StartWith($"Registered {module} v1"));
            await _stub.Process.WaitForLineAsync($"Proxy {module} v1 written", Cluster.StepTimeout, mark);
        }
    }

    [OneTimeTearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    [Test]
    [CancelAfter(60_000)]
    public async Task RpcDiscover_TwoSyncedModules_ListsEveryFunctionTheServerHas(CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(_stub.AppEndpoint, cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}""", cancellationToken);
        var document = (JObject)(await peer.ReplyToAsync(1, cancellationToken))["result"]!;
        await peer.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"simplerpc/modules"}""", cancellationToken);
        var modules = (JArray)(await peer.ReplyToAsync(2, cancellationToken))["result"]!;

        Assert.That((string)document["openrpc"]!, Is.EqualTo("1.3.2"));
        Assert.That((string)document["info"]!["title"]!, Is.EqualTo("SimpleRpc modules via discoverer"));
        Assert.That((string)document["servers"]![0]!["url"]!, Is.EqualTo("tcp://" + _stub.AppEndpoint));
        var methods = document["methods"]!.Cast<JObject>().ToList();
        Assert.That(methods.Select(m => (string)m["name"]!), Is.Unique);
        foreach (var module in new[] { "geometry", "text" })
        {
            // The server's own list of the module's functions, e.g. "double Distance(Point a, Point b)".
            var serverFunctions = modules.Single(m => (string)m["name"]! == module)["functions"]!
                .Select(f => FunctionName().Match((string)f!).Groups["name"].Value);
            var listed = methods.Where(m => (string)m["x-simplerpc"]!["module"]! == module).Select(m => (string)m["x-simplerpc"]!["function"]!);
            Assert.That(listed, Is.EquivalentTo(serverFunctions), module);
        }

        Assert.That(((JObject)document["components"]!["schemas"]!).Properties().Select(p => p.Name),
            Is.SupersetOf(new[] { "geometry.Point", "geometry.Segment", "geometry.Box", "geometry.Size", "geometry.ShapeKind", "geometry.Polygon", "text.WordFrequency" }));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RpcDiscover_OverloadName_IsCallableAsListed(CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(_stub.AppEndpoint, cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}""", cancellationToken);
        var names = (await peer.ReplyToAsync(1, cancellationToken))["result"]!["methods"]!.Select(m => (string)m["name"]!).ToList();
        Assert.That(names, Does.Contain("text.Pad(string,int)").And.Contain("geometry.Distance"));

        // One call at a time: JsonLinePeer skips replies it is not waiting for.
        await peer.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"text.Pad(string,int)","params":{"text":"ab","width":4}}""", cancellationToken);
        var pad = await peer.ReplyToAsync(2, cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":3,"method":"geometry.Distance","params":[{"x":0,"y":0},{"x":3,"y":4}]}""", cancellationToken);
        var distance = await peer.ReplyToAsync(3, cancellationToken);

        Assert.That((string)pad["result"]!, Is.EqualTo("  ab"), pad.ToString());
        Assert.That((double)distance["result"]!, Is.EqualTo(5.0), distance.ToString());
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task RpcDiscover_ModuleRegisteredThenUnregistered_FollowsTheProxyFolder(CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(_stub.AppEndpoint, cancellationToken);
        Assert.That(await MethodNamesAsync(peer, 1, cancellationToken), Has.None.StartWith("z."));

        var mark = _stub.Process.LineCount;
        Assert.That(await _stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        await _stub.Process.WaitForLineAsync("Proxy z v1 written", Cluster.StepTimeout, mark);
        Assert.That(await MethodNamesAsync(peer, 2, cancellationToken), Does.Contain("z.Add").And.Contain("z.SlowAdd").And.Contain("geometry.Area"));

        mark = _stub.Process.LineCount;
        _stub.Process.Send("unregister z");
        await _stub.Process.WaitForLineAsync("Proxy z removed", Cluster.StepTimeout, mark);
        var after = await MethodNamesAsync(peer, 3, cancellationToken);
        Assert.That(after, Has.None.StartWith("z."));
        Assert.That(after, Does.Contain("geometry.Area"));
    }

    private static async Task<List<string>> MethodNamesAsync(JsonLinePeer peer, long id, CancellationToken cancellationToken)
    {
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"method\":\"rpc.discover\"}", cancellationToken);
        return (await peer.ReplyToAsync(id, cancellationToken))["result"]!["methods"]!.Select(m => (string)m["name"]!).ToList();
    }

    [GeneratedRegex(@"(?<name>@?\w+)\(")]
    private static partial Regex FunctionName();
}
