using System.Net;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Operations;

/// <summary>The server's HTTP endpoint, from a real server process, after a real call through a real stub.</summary>
[TestFixture]
[NonParallelizable]
public class DashboardEndpointTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Endpoints_RealServerAfterACall_ServeHealthReadinessAndCallMetrics(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        var dashboard = await cluster.DashboardAsync();
        Assert.That(dashboard.Host, Is.EqualTo("127.0.0.1"), "loopback by default");
        using var http = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(30) };

        var health = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var stub = await cluster.StartStubAsync("alpha");
        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z"));
        using (var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken))
        {
            await app.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"z.Add","params":[1,2]}""", cancellationToken);
            Assert.That((int?)(await app.ReplyToAsync(1, cancellationToken))["result"], Is.EqualTo(3));
        }

        // Ready needs the compiler warm, which finishes after the listener starts; the server says when.
        await cluster.Server.WaitForLineAsync("Server ready", Cluster.StepTimeout);
        var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative), cancellationToken);
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)JObject.Parse(await ready.Content.ReadAsStringAsync(cancellationToken))["status"], Is.EqualTo("ready"));
        var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(metrics, Does.Match(@"simplerpc_calls_total\{[^}]*function=""Add""[^}]*module=""z""[^}]*outcome=""ok""[^}]*\} 1"));
            Assert.That(metrics, Does.Contain("simplerpc_call_duration_seconds_bucket"));
            Assert.That(metrics, Does.Match(@"simplerpc_stubs_connected\{[^}]*\} 1"));
            Assert.That(metrics, Does.Contain("simplerpc_compiles_total"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task StubEndpoint_DashboardPortGiven_ServesReadinessAndRelayMetrics(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        var stub = await cluster.StartStubAsync("alpha", extraArgs: ["--dashboard-port", "0"]);
        var dashboard = new Uri((await stub.Process.WaitForLineAsync(@"dashboard at (\S+)", Cluster.StepTimeout)).Groups[1].Value);
        using var http = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(30) };
        Assert.That((await http.GetAsync(new Uri("readyz", UriKind.Relative), cancellationToken)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "linked, synced and accepting apps");

        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z"));
        using (var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken))
        {
            await app.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"z.Add","params":[1,2]}""", cancellationToken);
            Assert.That((int?)(await app.ReplyToAsync(1, cancellationToken))["result"], Is.EqualTo(3));
        }

        var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(metrics, Does.Match(@"simplerpc_stub_calls_total\{[^}]*function=""Add""[^}]*module=""z""[^}]*outcome=""ok""[^}]*\} 1"));
            Assert.That(metrics, Does.Contain("simplerpc_stub_relay_duration_seconds_bucket"));
            Assert.That(metrics, Does.Match(@"simplerpc_stub_link_up\{[^}]*\} 1"));
            Assert.That(metrics, Does.Match(@"simplerpc_proxy_pushes_total\{[^}]*kind=""update""[^}]*\} 1"));
        });

        cluster.KillServer();
        await stub.Process.WaitForLineAsync("Lost the server", Cluster.StepTimeout);
        var down = await http.GetAsync(new Uri("readyz", UriKind.Relative), cancellationToken);
        Assert.That(down.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await down.Content.ReadAsStringAsync(cancellationToken), Does.Contain("link to the server is down"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task SecondServer_DashboardPortTaken_ServesStubsAndSaysWhichPortAndHowToChange(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        var taken = (await cluster.DashboardAsync()).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A second server on the same machine whose conf keeps the first one's dashboard port.
        var second = cluster.Start("server 2", "Server", "SimpleRpc.Server.dll", ["--port", "0", "--dashboard-port", taken, "--shell", "--data-dir", Path.Combine(cluster.WorkDir, "server2-data")]);
        var line = (await second.WaitForLineAsync(@"No dashboard: .*", Cluster.StepTimeout)).Value;
        Assert.That(line, Does.Contain("127.0.0.1:" + taken).And.Contain("dashboard.port").And.Contain("--dashboard-port"));
        var endpoint = (await second.WaitForLineAsync(@"listening on (\S+)", Cluster.StepTimeout)).Groups[1].Value;

        // It still serves stubs.
        using var peer = await JsonLinePeer.ConnectAsync(endpoint, cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"simplerpc/hello","params":{"name":"probe","version":1,"key":"dev-caller-key-00001"}}""", cancellationToken);
        Assert.That(await peer.ReplyToAsync(1, cancellationToken), Does.ContainKey("result"));
    }
}
