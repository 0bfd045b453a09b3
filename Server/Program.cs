using Serilog;
using SimpleRpc.Configuration;
using SimpleRpc.Hosting;
using SimpleRpc.Logging;
using SimpleRpc.Server;
using SimpleRpc.Server.Admin;

var commandLine = new CommandLine("SimpleRpc.Server", "SimpleRpc server: hosts modules compiled from C# and answers calls from client stubs.")
    .Add("conf", "c", "name", "Conf to load: conf/<name>.json, or a path to a .json file. Default: conf/server.json if present.")
    .Add("conf-dir", null, "dir", "Folder of named confs. Default: ./conf, else the repository's conf folder.")
    .Add("host", null, "address", "Address to listen on (conf: host). Default 127.0.0.1.")
    .Add("port", "p", "port", "TCP port, 0 for an OS-chosen one (conf: port). Default 5050.")
    .Add("shell", null, null, "Turn on the interactive console (conf: shell).")
    .Add("log-level", null, "level", "Minimum log level (conf: logLevel). Default Information.")
    .Add("log-file", null, "path", "Also log to this file (conf: logFile).");

ServerOptions options;
try
{
    var values = commandLine.Parse(args);
    if (values.ContainsKey("help"))
    {
        Console.Write(commandLine.HelpText());
        return 0;
    }

    options = ConfLoader.Load<ServerOptions>(ConfLoader.Resolve(values.GetValueOrDefault("conf"), "server", values.GetValueOrDefault("conf-dir")));
    options.Host = values.GetValueOrDefault("host") ?? options.Host;
    options.Port = values.TryGetValue("port", out var port) ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) : options.Port;
    options.Shell |= values.ContainsKey("shell");
    options.LogLevel = values.GetValueOrDefault("log-level") ?? options.LogLevel;
    options.LogFile = values.GetValueOrDefault("log-file") ?? options.LogFile;
}
catch (Exception ex) when (ex is ConfException or FormatException)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
}

using var logger = LogSetup.Create("server", options.LogLevel, options.LogFile);
using var shutdown = new ShutdownSignal();
try
{
    await using var host = new ServerHost(options, logger.ForContext<ServerHost>());
    host.Start();
    _ = Task.Run(host.Compiler.Warm);
    Console.WriteLine($"SimpleRpc server listening on {host.Endpoint}");
    if (options.Shell)
    {
        var shell = new ConsoleShell(Console.In, Console.Out, "server").AddServerCommands(host);
        await Task.WhenAny(shell.RunAsync(shutdown.Token), Task.Delay(Timeout.Infinite, shutdown.Token));
    }
    else
    {
        await Task.Delay(Timeout.Infinite, shutdown.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    Log.Information("Server stopping");
    return 0;
}
catch (System.Net.Sockets.SocketException ex)
{
    Log.Fatal("Cannot listen on {Host}:{Port}: {Reason}", options.Host, options.Port, ex.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
