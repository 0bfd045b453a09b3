using Microsoft.Playwright;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Operations;

/// <summary>
/// The dashboard in a real browser against one real server with real stubs, shared by the tests
/// of this fixture (they run in order: sign-in, fleet, publish, try it, cancel).
/// </summary>
[TestFixture]
[NonParallelizable]
public class DashboardBrowserTests
{
    private const string AdminKey = "dev-admin-key-000001";
    private const string CallKey = "dev-caller-key-00001";
    private Cluster _cluster = null!;
    private StubProcess _alpha = null!;
    private DashboardBrowser _browser = null!;

    private IPage Page => _browser.Page;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists(DashboardBrowser.ChromiumPath))
        {
            Assert.Ignore("Needs Debian's chromium at /usr/bin/chromium (.ci/run installs it).");
        }

        _cluster = await Cluster.StartAsync();
        var dashboard = await _cluster.DashboardAsync();
        _alpha = await _cluster.StartStubAsync("alpha");
        Assert.That(await _alpha.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z"));
        _browser = await DashboardBrowser.LaunchAsync(dashboard);
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Test]
    [Order(1)]
    [CancelAfter(60_000)]
    public async Task SignIn_NoKeyOrCallKey_RefusedAndFleetHidden()
    {
        await Page.GotoAsync("/");
        await Page.ClickAsync("#signinForm button");
        await Assertions.Expect(Page.Locator("#signinError")).ToHaveTextAsync("That key is not valid.");
        await Page.FillAsync("#key", CallKey);
        await Page.ClickAsync("#signinForm button");
        await Assertions.Expect(Page.Locator("#signinError")).ToHaveTextAsync("That key is not an admin key.");
        await Assertions.Expect(Page.Locator("#fleet")).ToBeHiddenAsync();
        await _browser.ScreenshotAsync("signin");

        // Every action checks the role itself, whatever the page shows.
        using var http = new HttpClient { BaseAddress = new Uri(Page.Url), Timeout = TimeSpan.FromSeconds(30) };
        Assert.That((await ActAsync(http, null, "unregister", """{"module":"z"}""")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));
        Assert.That((await ActAsync(http, CallKey, "unregister", """{"module":"z"}""")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Forbidden));
        Assert.That((await ActAsync(http, CallKey, "try", """{"method":"z.Add","params":[1,2]}""")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Forbidden));
        await _cluster.Server.WaitForLineAsync("Refused dashboard action try", Cluster.StepTimeout);
    }

    [Test]
    [Order(2)]
    [CancelAfter(90_000)]
    public async Task Fleet_StubConnects_ListedWithoutReload()
    {
        await SignInAsync();
        await Assertions.Expect(Page.Locator("#stubs tr", new() { HasText = "alpha" })).ToContainTextAsync("z v1 current");
        await _cluster.StartStubAsync("beta");
        await Assertions.Expect(Page.Locator("#stubs tr", new() { HasText = "beta" })).ToContainTextAsync("z v1 current");
        await Assertions.Expect(Page.Locator("#server")).ToContainTextAsync("load contexts alive");
        await _browser.ScreenshotAsync("fleet", fullPage: true);

        // On a phone: tables scroll inside their boxes, the page itself does not scroll sideways.
        await Page.SetViewportSizeAsync(390, 844);
        await Page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= 390");
        await _browser.ScreenshotAsync("fleet-phone");
        await Page.SetViewportSizeAsync(1280, 800);
    }

    [Test]
    [Order(3)]
    [CancelAfter(90_000)]
    public async Task Publish_FromStubConsole_NewVersionAndSpreadShown()
    {
        await SignInAsync();
        var changed = Path.Combine(_cluster.WorkDir, "z.cs");
        File.WriteAllText(changed, File.ReadAllText(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs"))
            .Replace("public static int Add(int a, int b) => a + b;", "public static int Add(int a, int b) => a + b;\n\n    /// <summary>Negates.</summary>\n    public static int Negate(int a) => -a;", StringComparison.Ordinal));
        Assert.That(await _alpha.RegisterAsync(changed), Does.StartWith("Registered z"));
        var broken = Path.Combine(_cluster.WorkDir, "broken.cs");
        File.WriteAllText(broken, "public static class Broken\n{\n    public static int One() => \"one\";\n}\n");
        Assert.That(await _alpha.RegisterAsync(broken), Does.Contain("did not compile"));

        await Page.ClickAsync("nav button[data-tab=modules]");
        await Assertions.Expect(Page.Locator("#moduleList tr", new() { HasText = "z" })).ToContainTextAsync("v2");
        await Page.ClickAsync("nav button[data-tab=spread]");
        var spread = Page.Locator("#spreadList section", new() { HasText = "z v2" });
        await Assertions.Expect(spread.Locator("tr", new() { HasText = "alpha" })).ToContainTextAsync("ms (written)");
        await Assertions.Expect(spread.Locator("tr", new() { HasText = "beta" })).ToContainTextAsync("ms (written)");
        await _browser.ScreenshotAsync("spread");

        // The failed publish: its diagnostics on the line they name.
        await Page.ClickAsync("nav button[data-tab=modules]");
        await Page.Locator("#moduleList tr", new() { HasText = "broken" }).GetByRole(AriaRole.Button, new() { Name = "open" }).ClickAsync();
        await Assertions.Expect(Page.Locator(".line.diag")).ToContainTextAsync("\"one\"");
        await Assertions.Expect(Page.Locator(".diagmsg")).ToContainTextAsync("CS0029");
        await _browser.ScreenshotAsync("failed-publish");
    }

    [Test]
    [Order(4)]
    [CancelAfter(90_000)]
    public async Task TryIt_ZAdd_ShowsThree(CancellationToken cancellationToken)
    {
        using (var app = await JsonLinePeer.ConnectAsync(_alpha.AppEndpoint, cancellationToken))
        {
            await app.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"z.Add","params":[1,2]}""", cancellationToken);
            Assert.That((int?)(await app.ReplyToAsync(1, cancellationToken))["result"], Is.EqualTo(3));
        }

        await SignInAsync();
        await Page.ClickAsync("nav button[data-tab=modules]");
        await Page.Locator("#moduleList tr", new() { HasText = "z" }).GetByRole(AriaRole.Button, new() { Name = "open" }).ClickAsync();
        var form = Page.Locator("form[data-method='z.Add']");
        await form.Locator("input[name=a]").FillAsync("1");
        await form.Locator("input[name=b]").FillAsync("2");
        await form.GetByRole(AriaRole.Button, new() { Name = "Call" }).ClickAsync();
        await Assertions.Expect(form.Locator(".out")).ToHaveTextAsync("= 3");
        var addFigures = Page.Locator("#functionStats tr", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Add") });
        await Assertions.Expect(addFigures).ToContainTextAsync("ms");
        await Assertions.Expect(addFigures.Locator("td").Last).ToHaveTextAsync("2", new() { Timeout = 10_000 });

        var divide = Page.Locator("form[data-method='z.Divide']");
        await divide.Locator("input[name=a]").FillAsync("1");
        await divide.Locator("input[name=b]").FillAsync("0");
        await divide.GetByRole(AriaRole.Button, new() { Name = "Call" }).ClickAsync();
        await Assertions.Expect(divide.Locator(".out")).ToContainTextAsync("System.DivideByZeroException: b must not be zero");
        await Assertions.Expect(divide.Locator(".out")).ToContainTextAsync("at Samples.Z.Divide");
        await _browser.ScreenshotAsync("modules", fullPage: true);
    }

    [Test]
    [Order(5)]
    [CancelAfter(90_000)]
    public async Task Cancel_LongCallFromThePage_AppGetsRequestCancelled(CancellationToken cancellationToken)
    {
        await SignInAsync();
        using var app = await JsonLinePeer.ConnectAsync(_alpha.AppEndpoint, cancellationToken);
        for (var id = 100; id < 120; id++)
        {
            await app.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"z.Add\",\"params\":[1,2]}", cancellationToken);
            Assert.That((int?)(await app.ReplyToAsync(id, cancellationToken))["result"], Is.EqualTo(3));
        }

        await app.SendAsync("""{"jsonrpc":"2.0","id":7,"method":"z.SlowAdd","params":[1,2,120000]}""", cancellationToken);
        var running = Page.Locator("#calls tr", new() { HasText = "z.SlowAdd" });
        await Assertions.Expect(running).ToContainTextAsync("alpha");
        await Assertions.Expect(running.Locator("td").Nth(4)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)? s$"));
        var cancel = running.GetByRole(AriaRole.Button, new() { Name = "cancel" });
        await _browser.ScreenshotAsync("fleet-live", fullPage: true);
        await cancel.ClickAsync();
        var reply = await app.ReplyToAsync(7, cancellationToken);
        Assert.That((int?)reply["error"]?["code"], Is.EqualTo(-32800), reply.ToString());
        await _cluster.Server.WaitForLineAsync("Dashboard action cancel call", Cluster.StepTimeout);
    }

    [Test]
    [Order(6)]
    [CancelAfter(90_000)]
    public async Task Actions_AdminKey_DisconnectStopWorkerUnregisterAndAudit()
    {
        using var http = new HttpClient { BaseAddress = await _cluster.DashboardAsync(), Timeout = TimeSpan.FromSeconds(30) };
        var fleet = Newtonsoft.Json.Linq.JObject.Parse(await (await GetAsync(http, "api/fleet")).Content.ReadAsStringAsync());
        var beta = (string)fleet["stubs"]!.Single(s => (string?)s["name"] == "beta")["sessionId"]!;

        Assert.That((await ActAsync(http, AdminKey, "disconnect", "{\"session\":\"" + beta + "\"}")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NoContent));
        await _cluster.Server.WaitForLineAsync("Dashboard action disconnect beta", Cluster.StepTimeout);
        Assert.That((await ActAsync(http, AdminKey, "stop-worker", """{"module":"z"}""")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NoContent));
        await _cluster.Server.WaitForLineAsync("Replacing worker process .* of z: stopped from the dashboard", Cluster.StepTimeout);
        Assert.That((await ActAsync(http, AdminKey, "unregister", """{"module":"z"}""")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NoContent));
        await _cluster.Server.WaitForLineAsync("Dashboard action unregister z by key [0-9a-f]{12} \\(admin\\)", Cluster.StepTimeout);
        await _alpha.Process.WaitForLineAsync("Proxy z removed", Cluster.StepTimeout);
        Assert.That((await ActAsync(http, AdminKey, "unregister", """{"module":"z"}""")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-SimpleRpc-Key", AdminKey);
        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient http, string? key, string action, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/actions/" + action, UriKind.Relative))
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("X-SimpleRpc-Key", key);
        }

        return http.SendAsync(request);
    }

    private async Task SignInAsync()
    {
        await Page.GotoAsync("/");

        // The page asks whether its cookie is still signed in, then shows one or the other.
        await Page.Locator("#fleet:visible, #signin:visible").First.WaitForAsync();
        if (await Page.Locator("#fleet").IsVisibleAsync())
        {
            return;
        }

        await Page.FillAsync("#key", AdminKey);
        await Page.ClickAsync("#signinForm button");
        await Assertions.Expect(Page.Locator("#fleet")).ToBeVisibleAsync();
    }
}
