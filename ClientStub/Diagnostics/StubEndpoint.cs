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
using ILogger = Serilog.ILogger;

namespace SimpleRpc.ClientStub.Diagnostics;

/// <summary>
/// The stub's HTTP endpoint on Kestrel: <c>/metrics</c> (the stub's meter and the runtime's, in
/// Prometheus text format), <c>/healthz</c> and <c>/readyz</c> (<see cref="StubReadiness"/>).
/// </summary>
internal sealed class StubEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The bound address, with the OS-chosen port.</summary>
    public Uri Address { get; }

    /// <summary>Binds and starts the endpoint.</summary>
    /// <exception cref="IOException">The address is in use or not available.</exception>
    public static async Task<StubEndpoint> StartAsync(StubEndpointOptions options, StubReadiness readiness, ILogger log, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "SimpleRpc.ClientStub", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(options.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.TryParse(options.Host, out var address) ? address : throw new ArgumentException($"dashboard.host '{options.Host}' is not an IP address or localhost."), options.Port);
            }
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("simplerpc-stub"))
            .WithMetrics(metrics => metrics
                .AddMeter(StubMetrics.MeterName, "System.Runtime")
                .AddPrometheusExporter());
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => readiness.NotReady() is { Count: > 0 } waiting
            ? Results.Json(new { status = "not ready", waiting }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new { status = "ready" }));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://{options.Host}:{options.Port}";
        var uri = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        log.Information("Serving /metrics, /healthz and /readyz: dashboard at {Url:l}", uri.ToString());
        return new StubEndpoint(app, uri);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
