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

var commandLine = ProcessStartup.CreateCommandLine("SimpleRpc.ClientStub", "SimpleRpc client stub: connects to the server, keeps proxies in sync, relays apps' calls.", "default")
    .Add("name", "n", "name", "Client name, unique on the server (conf: name).")
    .Add("server", "s", "host:port", "The server's endpoint (conf: server). Default 127.0.0.1:5050.")
    .Add("key", "k", "key", "The key to present to the server (conf: key).")
    .Add("app-port", null, "port", "Port apps connect to, 0 for an OS-chosen one (conf: appPort). Default 5151.")
    .Add("proxy-dir", null, "dir", "Folder to write proxies into (conf: proxyDir). Default proxies/<name>.")
    .Add("tls-trust", null, "crt", "Connect over TLS, trusting this CA or self-signed certificate as well as the system's (conf: tls.enabled, tls.trustedCertificatePath).");
var options = ProcessStartup.Load<StubOptions>(commandLine, args, "default", (o, values) =>
{
    o.Name = values.GetValueOrDefault("name") ?? o.Name;
    o.Server = values.GetValueOrDefault("server") ?? o.Server;
    o.Key = values.GetValueOrDefault("key") ?? o.Key;
    o.AppPort = values.TryGetValue("app-port", out var appPort) ? int.Parse(appPort, CultureInfo.InvariantCulture) : o.AppPort;
    o.ProxyDir = values.GetValueOrDefault("proxy-dir") ?? o.ProxyDir;
    if (values.TryGetValue("tls-trust", out var tlsTrust))
    {
        o.Tls ??= new TlsOptions();
        o.Tls.Enabled = true;
        o.Tls.TrustedCertificatePath = tlsTrust;
    }
}, out var exitCode);
if (options is null)
{
    return exitCode;
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
    try
    {
        gateway.Start();
    }
    catch (System.Net.Sockets.SocketException ex)
    {
        Log.Fatal("Cannot listen for apps on {Host}:{Port}: {Reason}", options.AppHost, options.AppPort, ex.Message);
        Console.Error.WriteLine($"error: cannot listen for apps on {options.AppHost}:{options.AppPort} (appPort): {ex.Message}");
        return 1;
    }

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
catch (FormatException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
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
