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

    private static Task<HttpResponseMessage> SignInAsync(HttpClient http, string key, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("signin", UriKind.Relative));
        request.Headers.Add("X-SimpleRpc-Key", key);
        return http.SendAsync(request, cancellationToken);
    }
}
