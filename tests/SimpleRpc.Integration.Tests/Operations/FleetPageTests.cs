using System.Net;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Operations;

/// <summary>The fleet page's sign-in and data over HTTP, from a real server with a real stub (the browser tests are DashboardBrowserTests).</summary>
[TestFixture]
[NonParallelizable]
public class FleetPageTests
{
    private const string AdminKey = "dev-admin-key-000001";
    private const string CallKey = "dev-caller-key-00001";

    [Test]
    [CancelAfter(120_000)]
    public async Task Fleet_SignInWithKeys_OnlyAdminSeesTheStubs(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        var dashboard = await cluster.DashboardAsync();
        await cluster.StartStubAsync("alpha");
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(30) };

        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative), cancellationToken);
        Assert.That(page, Does.Contain("SimpleRpc fleet").And.Not.Contain("http://").And.Not.Contain("https://"), "served by the server, no CDN");
        Assert.That((await http.GetAsync(new Uri("api/fleet", UriKind.Relative), cancellationToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await SignInAsync(http, CallKey, cancellationToken)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a call key is not an admin key");
        Assert.That((await SignInAsync(http, "not-a-key-not-a-key", cancellationToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await http.GetAsync(new Uri("api/fleet", UriKind.Relative), cancellationToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a refused sign-in issues no session");

        var signedIn = await SignInAsync(http, AdminKey, cancellationToken);
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(signedIn.Headers.GetValues("Set-Cookie").Single(), Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
        var fleet = JObject.Parse(await http.GetStringAsync(new Uri("api/fleet", UriKind.Relative), cancellationToken));
        Assert.That(fleet["stubs"]!.Select(s => (string?)s["name"]), Is.EqualTo(new[] { "alpha" }));
        await cluster.Server.WaitForLineAsync("Dashboard sign-in by key", Cluster.StepTimeout);

        // The live stream: its first event already lists the stub.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("events", UriKind.Relative));
        using var stream = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.That(stream.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cancellationToken));
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken)) is not null && !line.StartsWith("data: ", StringComparison.Ordinal))
        {
        }

        Assert.That((string?)JObject.Parse(line![6..])["stubs"]![0]!["name"], Is.EqualTo("alpha"));
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Fleet_StubWithoutOrWithAnOlderProxy_MissingThenBehindUntilItConfirms(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        using var http = new HttpClient { BaseAddress = await cluster.DashboardAsync(), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-SimpleRpc-Key", AdminKey);
        var alpha = await cluster.StartStubAsync("alpha");
        Assert.That(await alpha.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));

        // A stub the test plays by hand, so it can be slow to write: said hello, not synced yet.
        using var slow = await JsonLinePeer.ConnectAsync(cluster.ServerEndpoint, cancellationToken);
        await slow.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"simplerpc/hello","params":{"name":"slow","version":1,"key":"dev-caller-key-00001"}}""", cancellationToken);
        Assert.That(await slow.ReplyToAsync(1, cancellationToken), Does.ContainKey("result"));
        Assert.That(await ProxyOfAsync(http, "slow", cancellationToken), Is.EqualTo(("missing", 0)));

        // Its sync brings z v1; a client that has never confirmed a write holds what it was sent.
        await slow.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"simplerpc/sync","params":{"have":{}}}""", cancellationToken);
        var v1 = (string)(await slow.ReplyToAsync(2, cancellationToken))["result"]!["updates"]!.Single()["checksum"]!;
        Assert.That(await ProxyOfAsync(http, "slow", cancellationToken), Is.EqualTo(("current", 1)));
        await ConfirmAsync(slow, v1, 3, cancellationToken);
        Assert.That(await ProxyOfAsync(http, "slow", cancellationToken), Is.EqualTo(("current", 1)));

        // z v2 is published; the slow stub receives it and has not confirmed it yet.
        var changed = Path.Combine(cluster.WorkDir, "z.cs");
        File.WriteAllText(changed, File.ReadAllText(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")) + "\n// v2\n");
        Assert.That(await alpha.RegisterAsync(changed), Does.StartWith("Registered z v2"));
        var v2 = (string)(await NotificationAsync(slow, "simplerpc/proxyUpdated", cancellationToken))["params"]!["checksum"]!;
        Assert.That(await ProxyOfAsync(http, "slow", cancellationToken), Is.EqualTo(("behind", 1)));

        await ConfirmAsync(slow, v2, 4, cancellationToken);
        Assert.That(await ProxyOfAsync(http, "slow", cancellationToken), Is.EqualTo(("current", 2)));
    }

    // simplerpc/proxyWritten, then a ping: the server handles a connection's messages in order, so
    // once the ping is answered the confirmation is recorded.
    private static async Task ConfirmAsync(JsonLinePeer peer, string checksum, long pingId, CancellationToken cancellationToken)
    {
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"simplerpc/proxyWritten\",\"params\":{\"name\":\"z\",\"checksum\":\"" + checksum + "\"}}", cancellationToken);
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":" + pingId + ",\"method\":\"simplerpc/ping\"}", cancellationToken);
        await peer.ReplyToAsync(pingId, cancellationToken);
    }

    private static async Task<JObject> NotificationAsync(JsonLinePeer peer, string method, CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await peer.ReadAsync(cancellationToken) ?? throw new EndOfStreamException("The server closed the connection.");
            if (message["id"] is null && (string?)message["method"] == method)
            {
                return message;
            }
        }
    }

    private static async Task<(string Status, int Version)> ProxyOfAsync(HttpClient http, string stub, CancellationToken cancellationToken)
    {
        var fleet = JObject.Parse(await http.GetStringAsync(new Uri("api/fleet", UriKind.Relative), cancellationToken));
        var proxy = fleet["stubs"]!.Single(s => (string?)s["name"] == stub)["proxies"]!.Single(p => (string?)p["module"] == "z");
        return ((string)proxy["status"]!, (int)proxy["version"]!);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient http, string key, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("signin", UriKind.Relative));
        request.Headers.Add("X-SimpleRpc-Key", key);
        return http.SendAsync(request, cancellationToken);
    }
}
