using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using SimpleRpc.Hosting.Shell;
using SimpleRpc.Server.Admin;
using SimpleRpc.Server.Dashboard;

namespace SimpleRpc.Server;

/// <summary>
/// The server on the .NET generic host. Start binds the <see cref="ServerHost"/> and, when the
/// conf turns it on, runs the console (its <c>quit</c>, or the end of its input, stops the host).
/// Stop (Ctrl+C, SIGTERM, <c>quit</c>) stops accepting stubs and calls, lets the calls in flight
/// finish within <see cref="ServerOptions.ShutdownGraceSeconds"/>, cancels the rest and closes
/// every session.
/// </summary>
public sealed class ServerService : IHostedService
{
    private readonly ServerHost _server;
    private readonly ServerOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private DashboardHost? _dashboard;

    /// <summary>Creates the service over a constructed (not yet started) server.</summary>
    public ServerService(ServerHost server, ServerOptions options, IHostApplicationLifetime lifetime, ILogger log)
    {
        _server = server;
        _options = options;
        _lifetime = lifetime;
        _log = log;
    }

    /// <summary>Builds the host that runs <paramref name="server"/> until it is asked to stop.</summary>
    /// <remarks>
    /// The host's own logging is off (Serilog logs for us, to standard error, so standard output
    /// stays the console's); its shutdown timeout leaves room past the grace for the cancelled
    /// calls to answer and the sessions to close.
    /// </remarks>
    public static IHost CreateHost(ServerHost server, ServerOptions options, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "SimpleRpc.Server" });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownGraceSeconds + 15));
        builder.Services.Configure<Microsoft.Extensions.Hosting.ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        if (options.Cluster is not null)
        {
            // The silo first: hosted services start in order, and the node joins during the server's start.
            Cluster.ClusterHosting.AddSilo(builder, options.Cluster, options.Host);

            // Grains log through the server's logger (the host's own logging is off).
            builder.Services.AddSingleton(log);
        }

        builder.Services.AddHostedService(services =>
        {
            if (options.Cluster is not null)
            {
                server.JoinCluster(services.GetRequiredService<Orleans.IGrainFactory>(), services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress, services.GetRequiredService<Cluster.ClusterNodes>(), services.GetService<Cluster.RefusedNodeReaper>());
            }

            return new ServerService(server, options, services.GetRequiredService<IHostApplicationLifetime>(), log);
        });
        return builder.Build();
    }

    /// <inheritdoc/>
    /// <exception cref="System.Net.Sockets.SocketException">The address is in use or not available.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        _ = Task.Run(WarmCompilerAsync, CancellationToken.None);
        Console.WriteLine($"SimpleRpc server listening on {_server.Endpoint}");
        if (_options.Dashboard is { Enabled: true } dashboard)
        {
            _dashboard = await StartDashboardAsync(dashboard, cancellationToken).ConfigureAwait(false);
        }

        if (_options.Shell)
        {
            // Reading the console blocks a thread (Console.In has no asynchronous read), so the
            // shell gets its own; the process does not wait for it on exit.
            _ = Task.Run(RunShellAsync, CancellationToken.None);
        }
    }

    private async Task WarmCompilerAsync()
    {
        try
        {
            // In the compile process with compileIsolation: process, in this one otherwise.
            await _server.Compiles.WarmAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _server.Readiness.CompilerWarmed();
            if (_server.Readiness.IsReady)
            {
                _log.Information("Server ready: stored modules loaded, compiler warm, accepting stubs");
            }
        }
    }

    // The stubs' port is the server's job; a dashboard port that is taken (a second server on the
    // machine keeps the default 5080) costs only the dashboard, and the line says how to choose
    // another (DashboardEndpointTests.SecondServer_DashboardPortTaken_…).
    private async Task<DashboardHost?> StartDashboardAsync(DashboardOptions dashboard, CancellationToken cancellationToken)
    {
        try
        {
            return await DashboardHost.StartAsync(dashboard, _server, _log, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            _log.Warning(
                "No dashboard: cannot listen on {Host}:{Port} ({Reason}); the server runs on without /metrics, /healthz, /readyz and the dashboard. Choose another port with dashboard.port in the conf or --dashboard-port (0 lets the OS choose), or set dashboard.enabled to false",
                dashboard.Host,
                dashboard.Port,
                ex.Message);
            return null;
        }
    }

    // A console that cannot go on is logged (RunGuardedAsync) and stops the server with exit code 1;
    // so does a piped one (a script) in which a command failed, at the end of its input.
    private async Task RunShellAsync()
    {
        var shell = new ConsoleShell(Console.In, Console.Out, "server") { Logger = _log.ForContext<ConsoleShell>() }.AddServerCommands(_server);
        if (!await shell.RunGuardedAsync(_stopping.Token).ConfigureAwait(false) || (!shell.IsInteractive && shell.Failures > 0))
        {
            Environment.ExitCode = 1;
        }

        _lifetime.StopApplication();
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);

        // Calls are refused before the log says so (GracefulShutdownTests waits for that line).
        _server.CallsInFlight.StopAccepting();
        var grace = TimeSpan.FromSeconds(_options.ShutdownGraceSeconds);
        _log.Information("Server stopping: waiting up to {GraceSeconds} s for {CallCount} calls in flight", _options.ShutdownGraceSeconds, _server.CallsInFlight.Count);
        var cancelled = await _server.DrainAsync(grace, cancellationToken).ConfigureAwait(false);
        if (cancelled > 0)
        {
            _log.Warning("Cancelled {CallCount} calls still running after {GraceSeconds} s (shutdownGraceSeconds)", cancelled, _options.ShutdownGraceSeconds);
        }

        await _server.DisposeAsync().ConfigureAwait(false);
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync().ConfigureAwait(false);
        }

        _log.Information("Server stopped");
    }
}
