using System.Globalization;
using Serilog;
using SimpleRpc.ClientStub;
using SimpleRpc.ClientStub.Console;
using SimpleRpc.ClientStub.Gateway;
using SimpleRpc.ClientStub.Link;
using SimpleRpc.ClientStub.Proxies;
using SimpleRpc.Configuration;
using SimpleRpc.Hosting;
using SimpleRpc.Logging;
using SimpleRpc.Rpc;

var commandLine = new CommandLine("SimpleRpc.ClientStub", "SimpleRpc client stub: connects to the server, keeps proxies in sync, relays apps' calls.")
    .Add("conf", "c", "name", "Conf to load: conf/<name>.json, or a path to a .json file. Default: conf/default.json.")
    .Add("conf-dir", null, "dir", "Folder of named confs. Default: ./conf, else the repository's conf folder.")
    .Add("name", "n", "name", "Client name, unique on the server (conf: name).")
    .Add("server", "s", "host:port", "The server's endpoint (conf: server). Default 127.0.0.1:5050.")
    .Add("app-port", null, "port", "Port apps connect to, 0 for an OS-chosen one (conf: appPort). Default 5151.")
    .Add("proxy-dir", null, "dir", "Folder to write proxies into (conf: proxyDir). Default proxies/<name>.")
    .Add("shell", null, null, "Turn on the interactive console (conf: shell).")
    .Add("log-level", null, "level", "Minimum log level (conf: logLevel). Default Information.")
    .Add("log-file", null, "path", "Also log to this file (conf: logFile).");

StubOptions options;
try
{
    var values = commandLine.Parse(args);
    if (values.ContainsKey("help"))
    {
        Console.Write(commandLine.HelpText());
        return 0;
    }

    options = ConfLoader.Load<StubOptions>(ConfLoader.Resolve(values.GetValueOrDefault("conf"), "default", values.GetValueOrDefault("conf-dir")));
    options.Name = values.GetValueOrDefault("name") ?? options.Name;
    options.Server = values.GetValueOrDefault("server") ?? options.Server;
    options.AppPort = values.TryGetValue("app-port", out var appPort) ? int.Parse(appPort, CultureInfo.InvariantCulture) : options.AppPort;
    options.ProxyDir = values.GetValueOrDefault("proxy-dir") ?? options.ProxyDir;
    options.Shell |= values.ContainsKey("shell");
    options.LogLevel = values.GetValueOrDefault("log-level") ?? options.LogLevel;
    options.LogFile = values.GetValueOrDefault("log-file") ?? options.LogFile;
}
catch (Exception ex) when (ex is ConfException or FormatException)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
}

using var logger = LogSetup.Create("stub", options.LogLevel, options.LogFile);
using var shutdown = new ShutdownSignal();
var shell = new ConsoleShell(Console.In, Console.Out, "stub");
try
{
    var proxies = new ProxyFolder(options.EffectiveProxyDir);
    await using var server = new ServerLink(options, proxies, logger.ForContext<ServerLink>());
    if (options.Shell)
    {
        // An interactive stub asks its user; a non-interactive one takes the server's suggestion.
        server.ChooseName = async (taken, suggestion) =>
        {
            Console.Write($"The name '{taken}' is taken. New name [{suggestion}]: ");
            var answer = (await Console.In.ReadLineAsync(shutdown.Token))?.Trim();
            return string.IsNullOrEmpty(answer) ? suggestion : answer;
        };
    }

    server.MessageReceived += message => shell.Write($"[message from {message.From}] {message.Text}");
    await server.ConnectAsync(shutdown.Token);
    await using var gateway = new AppGateway(options, server, proxies, logger.ForContext<AppGateway>());
    gateway.Start();
    Console.WriteLine($"SimpleRpc stub '{server.Name}' connected to {options.Server}; apps connect to {gateway.Endpoint}; proxies in {proxies.Path}");
    if (options.Shell)
    {
        shell.AddStubCommands(server, proxies, new ModuleUploader(server, options.ChunkBytes));
        await Task.WhenAny(shell.RunAsync(shutdown.Token), Task.Delay(Timeout.Infinite, shutdown.Token));
    }
    else
    {
        await Task.Delay(Timeout.Infinite, shutdown.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    Log.Information("Stub {ClientId} stopping", server.Name);
    return 0;
}
catch (System.Net.Sockets.SocketException ex)
{
    Log.Fatal("Cannot reach the server at {Endpoint}: {Reason}", options.Server, ex.Message);
    Console.Error.WriteLine($"error: cannot reach the server at {options.Server}: {ex.Message}");
    return 1;
}
catch (RpcException ex)
{
    Log.Fatal("The server refused this stub: {Reason}", ex.Message);
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}
catch (OperationCanceledException)
{
    return 0;
}
finally
{
    await Log.CloseAndFlushAsync();
}
