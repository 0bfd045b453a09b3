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
        using (var app = await RawPeer.ConnectAsync(stub.AppEndpoint, cancellationToken))
        {
            await app.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"z.Add","params":[1,2]}""", cancellationToken);
            Assert.That((int?)(await app.ReceiveAsync(1, cancellationToken))["result"], Is.EqualTo(3));
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
}
