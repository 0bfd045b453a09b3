using Microsoft.Extensions.Hosting;
using Serilog;
using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Hosting.Logging;
using SimpleRpc.Server;

// A worker process runs one module for the server (isolation: process); it shares this executable.
if (args.Length > 0 && args[0] == SimpleRpc.Server.Isolation.Worker.WorkerProgram.Switch)
{
    return await SimpleRpc.Server.Isolation.Worker.WorkerProgram.RunAsync(args);
}

// A compile process compiles modules for the server (compileIsolation: process); it shares this executable too.
if (args.Length > 0 && args[0] == SimpleRpc.Server.Compilation.Remote.CompileProgram.Switch)
{
    return await SimpleRpc.Server.Compilation.Remote.CompileProgram.RunAsync(args);
}

var commandLine = ProcessStartup.CreateCommandLine("simplerpc-server", "SimpleRpc server: hosts modules compiled from C# and answers calls from client stubs.", "server")
    .Add("host", null, "address", "Address to listen on (conf: host). Default 127.0.0.1.")
    .Add<int>("port", "p", "port", "TCP port, 0 for an OS-chosen one (conf: port). Default 5050.")
    .Add("data-dir", "d", "dir", "Folder where modules are kept across restarts (conf: dataDir). Default data/server.")
    .Add("tls-cert", null, "pfx", "Serve stubs over TLS with this PFX certificate (conf: tls.certificatePath; the password only in the conf).")
    .Add<int>("dashboard-port", null, "port", "HTTP port of /metrics, /healthz and /readyz, 0 for an OS-chosen one (conf: dashboard.port). Default 5080.");
commandLine.Root.Add(InitCommand.Command);
OptionKey[] optionKeys =
[
    new("host", "host"), new("port", "port"), new("data-dir", "dataDir"),
    new("tls-cert", "tls:certificatePath"), new("dashboard-port", "dashboard:port"),
];
var options = ProcessStartup.Load<ServerOptions>(commandLine, args, "server", optionKeys, (o, values) =>
{
    o.Dashboard ??= new SimpleRpc.Server.Dashboard.DashboardOptions();
    o.Dashboard.Validate();
    o.Tracing?.Validate();
    o.Logging = LoggingOptions.Resolve(o.Logging, o, values.ContainsKey("log-level"), values.ContainsKey("log-file"));
    if (o.ShutdownGraceSeconds < 0)
    {
        throw new ConfException($"shutdownGraceSeconds is {o.ShutdownGraceSeconds}; it must be 0 or more.");
    }

    if (o.Keys.Count == 0 && !o.Insecure)
    {
        throw new ConfException(ServerOptions.NoKeysMessage);
    }
}, out var exitCode, parsed => parsed.CommandResult.Command == InitCommand.Command ? InitCommand.Run(parsed) : null);
if (options is null)
{
    return exitCode;
}

// Ctrl+C, SIGTERM and the console's quit stop the host; ServerService drains the calls in flight.
using var logger = LogSetup.Create("server", options.Logging!);
using var tracing = SimpleRpc.Server.Diagnostics.TracingSetup.Start(options.Tracing, "simplerpc-server", SimpleRpc.Diagnostics.RpcTracing.ServerSourceName);
try
{
    await using var server = new ServerHost(options, logger.ForContext<ServerHost>());
    using var host = ServerService.CreateHost(server, options, logger.ForContext<ServerService>());
    await host.RunAsync();
    return Environment.ExitCode; // 1 when the console failed and stopped the host (RunGuardedAsync)
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Log.Fatal("The server conf is not usable: {Reason}", ex.Message);
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
}
catch (System.Net.Sockets.SocketException ex)
{
    Log.Fatal("Cannot listen on {Host}:{Port}: {Reason}", options.Host, options.Port, ex.Message);
    return 1;
}
catch (OperationCanceledException)
{
    // Stopped while starting (Ctrl+C during the restore of modules): nothing is half-done.
    return 0;
}
finally
{
    await Log.CloseAndFlushAsync();
}
