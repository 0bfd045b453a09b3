using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SimpleRpc.Server.Dashboard;

// The page's script (wwwroot/dashboard.js) and the libraries it uses (wwwroot/vendor), embedded: no CDN, the dashboard works offline.
public sealed partial class DashboardHost
{
    private static readonly Dictionary<string, string> VendorFiles = new(StringComparer.Ordinal)
    {
        ["uplot.min.js"] = "text/javascript; charset=utf-8",
        ["uplot.min.css"] = "text/css; charset=utf-8",
        ["prism.min.js"] = "text/javascript; charset=utf-8",
        ["prism.min.css"] = "text/css; charset=utf-8",
        ["uplot.LICENSE"] = "text/plain; charset=utf-8",
        ["prism.LICENSE"] = "text/plain; charset=utf-8",
    };

    private static void MapVendor(WebApplication app)
    {
        app.MapGet("/vendor/{file}", (string file) =>
            VendorFiles.TryGetValue(file, out var type)
                && typeof(DashboardHost).Assembly.GetManifestResourceStream("SimpleRpc.Server.Dashboard.vendor." + file) is { } stream
                ? Results.Stream(stream, type)
                : Results.NotFound());
        app.MapGet("/app/dashboard.js", () => Results.Stream(
            typeof(DashboardHost).Assembly.GetManifestResourceStream("SimpleRpc.Server.Dashboard.app.dashboard.js")!,
            "text/javascript; charset=utf-8"));
    }
}
