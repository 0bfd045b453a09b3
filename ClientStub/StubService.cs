using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using SimpleRpc.ClientStub.Console;
using SimpleRpc.ClientStub.Gateway;
using SimpleRpc.ClientStub.Link;
using SimpleRpc.ClientStub.Proxies;
using SimpleRpc.Hosting.Shell;

namespace SimpleRpc.ClientStub;

/// <summary>
/// The stub on the .NET generic host. Start connects to the server (settling a taken name),
/// opens the app port and, when the conf turns it on, runs the console (its <c>quit</c>, or the
/// end of its input, stops the host). Stop (Ctrl+C, SIGTERM, <c>quit</c>) stops accepting apps
/// and calls, lets the calls in flight finish within <see cref="StubOptions.ShutdownGraceSeconds"/>,
/// then closes the link to the server, which fails whatever is left.
/// </summary>
public sealed class StubService : IHostedService
{
    /// <summary>The server link and app connections that read on a thread of their own; more apps read on the pool.</summary>
    internal const int ReaderThreads = 64;

    private readonly StubOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConsoleShell _shell = new(System.Console.In, System.Console.Out, "stub");
    private readonly ProxyFolder _proxies;
    private readonly ServerLink _server;
    private AppGateway? _gateway;
    private Diagnostics.StubGauges? _gauges;
    private Diagnostics.StubReadiness? _readiness;
    private Diagnostics.StubEndpoint? _endpoint;

    /// <summary>Creates the service; nothing connects before <see cref="StartAsync"/>.</summary>
    public StubService(StubOptions options, IHostApplicationLifetime lifetime, ILogger log)
    {
        _options = options;
        _lifetime = lifetime;
        _log = log;
        _proxies = new ProxyFolder(options.EffectiveProxyDir);
        _server = new ServerLink(options, _proxies, log.ForContext<ServerLink>());
    }

    /// <summary>Builds the host that runs a stub with <paramref name="options"/> until it is asked to stop.</summary>
    /// <remarks>The host's own logging is off: Serilog logs, to standard error, so standard output stays the console's.</remarks>
    public static IHost CreateHost(StubOptions options, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "SimpleRpc.ClientStub" });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownGraceSeconds + 15));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddHostedService(services => new StubService(options, services.GetRequiredService<IHostApplicationLifetime>(), log));
        return builder.Build();
    }

    /// <inheritdoc/>
    /// <exception cref="System.Net.Sockets.SocketException">The server is not reachable.</exception>
    /// <exception cref="Rpc.RpcException">The server refused the hello.</exception>
    /// <exception cref="IOException">The app port cannot be bound.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Shell)
        {
            // An interactive stub asks its user; a non-interactive one takes the server's suggestion.
            _server.ChooseName = async (taken, suggestion) =>
            {
                System.Console.Write($"The name '{taken}' is taken. New name [{suggestion}]: ");
                // Console.In blocks the thread that reads it: read on another, so Ctrl+C still stops the stub.
                var answer = (await Task.Run(System.Console.In.ReadLine, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false))?.Trim();
                return string.IsNullOrEmpty(answer) ? suggestion : answer;
            };
        }

        _server.MessageReceived += message => _shell.Write($"[message from {message.From}] {message.Text}");
        await _server.ConnectAsync(cancellationToken).ConfigureAwait(false);
        OpenServerNotice.WarnIfOpen(_options, _server, _log);
        _gateway = new AppGateway(_options, _server, _proxies, _log.ForContext<AppGateway>());
        try
        {
            _gateway.Start();
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new IOException($"cannot listen for apps on {_options.AppHost}:{_options.AppPort} (appPort): {ex.Message}", ex);
        }

        _gauges = new Diagnostics.StubGauges(_server, _gateway);
        _readiness = new Diagnostics.StubReadiness(_server);
        _readiness.Accepting();
        if (_options.Dashboard is { Enabled: true } dashboard)
        {
            try
            {
                _endpoint = await Diagnostics.StubEndpoint.StartAsync(dashboard, _readiness, _log, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                // The apps' port is the stub's job; a dashboard port that is taken costs only the dashboard.
                _log.Warning("No dashboard: cannot listen on {Host}:{Port} (dashboard.port): {Reason}", dashboard.Host, dashboard.Port, ex.Message);
            }
        }

        System.Console.WriteLine($"SimpleRpc stub '{_server.Name}' connected to {_server.Endpoint}; apps connect to {_gateway.Endpoint}; proxies in {_proxies.Path}");
        if (_options.Shell)
        {
            // The prompt names this stub, so several consoles side by side tell which is which.
            _shell.Prompt = _server.Name;
            _shell.Logger = _log.ForContext<ConsoleShell>();
            _shell.AddStubCommands(_server, _proxies, new ModuleUploader(_server, _options.ChunkBytes, _options.UploadWindow));

            // Reading the console blocks a thread, so the shell gets its own; exit does not wait for it.
            _ = Task.Run(RunShellAsync, CancellationToken.None);
        }
    }

    // A console that cannot go on is logged (RunGuardedAsync) and stops the stub with exit code 1;
    // so does a piped one (a script) in which a command failed, at the end of its input.
    private async Task RunShellAsync()
    {
        if (!await _shell.RunGuardedAsync(_stopping.Token).ConfigureAwait(false) || (!_shell.IsInteractive && _shell.Failures > 0))
        {
            Environment.ExitCode = 1;
        }

        _lifetime.StopApplication();
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _readiness?.Stopping();
        if (_gateway is { } gateway)
        {
            gateway.InFlight.StopAccepting();
            _log.Information("Stub {ClientId} stopping: waiting up to {GraceSeconds} s for {CallCount} calls in flight", _server.Name, _options.ShutdownGraceSeconds, gateway.InFlight.Count);
            await gateway.StopAcceptingAsync().ConfigureAwait(false);
            var left = await gateway.InFlight.DrainAsync(TimeSpan.FromSeconds(_options.ShutdownGraceSeconds), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (left > 0)
            {
                _log.Warning("Stub {ClientId} gave up on {CallCount} calls still running after {GraceSeconds} s (shutdownGraceSeconds)", _server.Name, left, _options.ShutdownGraceSeconds);
            }
        }

        await CloseAsync().ConfigureAwait(false);
        _log.Information("Stub {ClientId} stopped", _server.Name);
    }

    // Closing the link fails the calls still waiting for the server; the app port closes last.
    private async Task CloseAsync()
    {
        _gauges?.Dispose();
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
        }

        await _server.DisposeAsync().ConfigureAwait(false);
        if (_gateway is { } gateway)
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
        }
    }
}
