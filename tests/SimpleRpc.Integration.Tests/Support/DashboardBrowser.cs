using Microsoft.Playwright;

namespace SimpleRpc.Integration.Tests.Support;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c>, which .ci/run installs) driven by Playwright, at
/// 1280×800; screenshots go to the test's work directory.
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public static async Task<DashboardBrowser> LaunchAsync(Uri dashboard)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            // Root in a container has no user namespace for Chromium's sandbox.
            var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
            var context = await browser.NewContextAsync(new() { BaseURL = dashboard.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(30_000);
            return new DashboardBrowser(playwright, browser, context, page);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Saves a screenshot of the page as <c>dashboard-&lt;name&gt;.png</c> in the test's work directory.</summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = false)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dashboard-" + name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        TestContext.AddTestAttachment(path);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
