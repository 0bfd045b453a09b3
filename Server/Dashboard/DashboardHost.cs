using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SimpleRpc.Server.Diagnostics;
using ILogger = Serilog.ILogger;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// The server's HTTP endpoint on Kestrel: <c>/metrics</c> (the server's meters and the runtime's,
/// in Prometheus text format, through OpenTelemetry), <c>/healthz</c> (the process answers) and
/// <c>/readyz</c> (<see cref="ServerReadiness"/>; 503 with what is not ready), and the fleet page
/// at <c>/</c> for admin keys (<see cref="DashboardSignIn"/>).
/// </summary>
/// <remarks>Started once by the server's service and disposed when the server has stopped.</remarks>
public sealed partial class DashboardHost : IAsyncDisposable
{
    /// <summary>The runtime's own meter (GC, thread pool, memory), exported beside the server's.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    private readonly WebApplication _app;
    private readonly DashboardState _state;

    private DashboardHost(WebApplication app, DashboardState state, Uri address)
    {
        _app = app;
        _state = state;
        Address = address;
    }

    /// <summary>The bound address, with the OS-chosen port when the conf said 0, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Binds and starts the endpoint.</summary>
    /// <exception cref="IOException">The address is in use or not available.</exception>
    public static async Task<DashboardHost> StartAsync(DashboardOptions options, ServerHost server, ILogger log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(server);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "SimpleRpc.Server", ContentRootPath = AppContext.BaseDirectory });

        // Serilog logs for the server; Kestrel's own lines would only repeat what is said here.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => Listen(kestrel, options));
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("simplerpc-server"))
            .WithMetrics(metrics => metrics
                .AddMeter(ServerMetrics.MeterName, RuntimeMeterName)
                .AddPrometheusExporter());
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => Ready(server.Readiness));
        var state = new DashboardState(server, options, log);
        MapFleet(app, state);
        MapModules(app, state);
        MapActions(app, state);
        MapVendor(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            state.Dispose();
            throw;
        }


        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://{options.Host}:{options.Port}";
        var address = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        log.Information("Serving /metrics, /healthz and /readyz: dashboard at {Url:l}", address.ToString());
        return new DashboardHost(app, state, address);
    }

    private static IResult Ready(ServerReadiness readiness)
    {
        var waiting = readiness.NotReady();
        return waiting.Count == 0
            ? Results.Json(new { status = "ready" })
            : Results.Json(new { status = "not ready", waiting }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, DashboardOptions options)
    {
        if (string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(options.Port);
        }
        else if (IPAddress.TryParse(options.Host, out var address))
        {
            kestrel.Listen(address, options.Port);
        }
        else
        {
            throw new ArgumentException($"dashboard.host '{options.Host}' is not an IP address or localhost.");
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _state.Dispose();
    }
}
