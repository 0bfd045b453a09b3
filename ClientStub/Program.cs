using Microsoft.Extensions.Hosting;
using Serilog;
using SimpleRpc.ClientStub;
using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Hosting.Logging;
using SimpleRpc.Rpc;

var commandLine = ProcessStartup.CreateCommandLine("simplerpc-stub", "SimpleRpc client stub: connects to the server, keeps proxies in sync, relays apps' calls.", "default")
    .Add("name", "n", "name", "Client name, unique on the server (conf: name).")
    .Add("server", "s", "host:port", "The server's endpoint (conf: server). Default 127.0.0.1:5050.")
    .Add("key", "k", "key", "The key to present to the server (conf: key).")
    .Add<int>("app-port", null, "port", "Port apps connect to, 0 for an OS-chosen one (conf: appPort). Default 5151.")
    .Add("proxy-dir", null, "dir", "Folder to write proxies into (conf: proxyDir). Default proxies/<name>.")
    .Add("tls-trust", null, "crt", "Connect over TLS, trusting this CA or self-signed certificate as well as the system's (conf: tls.enabled, tls.trustedCertificatePath).")
    .Add<int>("dashboard-port", null, "port", "Serve /metrics, /healthz and /readyz over HTTP on this port, 0 for an OS-chosen one (conf: dashboard.enabled, dashboard.port). Default off.");
// One-shot commands (simplerpc-stub register z.cs); the stub's options work after them too.
OneShotCommands.AddTo(commandLine);
string? oneShot = null;
string? callHint = null;
OptionKey[] optionKeys =
[
    new("name", "name"), new("server", "server"), new("key", "key"), new("app-port", "appPort"), new("proxy-dir", "proxyDir"),
    new("tls-trust", "tls:enabled", "true"), new("tls-trust", "tls:trustedCertificatePath"),
    new("dashboard-port", "dashboard:enabled", "true"), new("dashboard-port", "dashboard:port"),
];
var options = ProcessStartup.Load<StubOptions>(commandLine, args, "default", optionKeys, (o, values) =>
{
    if (values.ContainsKey("server"))
    {
        // --server names one server: it replaces a conf's list of cluster nodes.
        o.Servers = null;
    }

    o.Tracing?.Validate();
    o.Dashboard ??= new SimpleRpc.ClientStub.Diagnostics.StubEndpointOptions();
    o.Dashboard.Validate();
    o.Logging = LoggingOptions.Resolve(o.Logging, o, values.ContainsKey("log-level"), values.ContainsKey("log-file"));
    if (oneShot is not null && !values.ContainsKey("log-level"))
    {
        // A one-shot command prints its result; its log says only what went wrong.
        o.Logging.Level = "Warning";
    }

    o.Validate();
    if (string.IsNullOrEmpty(o.Key) && !o.Insecure)
    {
        throw new ConfException(StubOptions.NoKeyMessage);
    }
}, out var exitCode, parsed =>
{
    oneShot = OneShotCommands.LineOf(parsed);
    callHint = OneShotCommands.CallHintOf(parsed);
    return null;
});
if (options is null)
{
    return exitCode;
}

// Ctrl+C, SIGTERM and the console's quit stop the host; StubService drains the apps' calls in flight.
using var logger = LogSetup.Create("stub", options.Logging!);
using var tracing = SimpleRpc.ClientStub.Diagnostics.StubTracingSetup.Start(options.Tracing);
try
{
    if (oneShot is not null)
    {
        return await OneShotCommands.RunAsync(options, oneShot, logger.ForContext<StubService>(), callHint);
    }

    using var host = StubService.CreateHost(options, logger.ForContext<StubService>());
    await host.RunAsync();
    return Environment.ExitCode; // 1 when the console failed and stopped the host (RunGuardedAsync)
}
catch (FormatException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
}
catch (System.Net.Sockets.SocketException ex)
{
    var endpoints = options.Servers is { Count: > 0 } servers ? string.Join(", ", servers) : options.Server;
    Log.Fatal("Cannot reach the server at {Endpoint}: {Reason}", endpoints, ex.Message);
    Console.Error.WriteLine($"error: cannot reach the server at {endpoints}: {ex.Message}");
    return 1;
}
catch (RpcException ex)
{
    Log.Fatal("The server refused this stub: {Reason}", ex.Message);
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}
catch (IOException ex)
{
    Log.Fatal("The stub cannot start: {Reason}", ex.Message);
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}
catch (OperationCanceledException)
{
    // Stopped while starting (Ctrl+C while connecting or asking for a name).
    return 0;
}
finally
{
    await Log.CloseAndFlushAsync();
}
