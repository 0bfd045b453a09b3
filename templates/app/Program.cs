using SimpleRpc.Client;
using SimpleRpc.Proxies;

// The stub this app calls: the first argument, else the SIMPLERPC_STUB environment variable,
// else 127.0.0.1:5151.
if (args.Length > 0)
{
    RpcClient.ConfigureDefault(args[0]);
}

// Every module in the proxy folder (SimpleRpcProxyDir in the project file) is a class of
// SimpleRpc.Proxies, and its functions are called like local code: this runs on the server.
Console.WriteLine(MyModule.Greet("world"));

// Every sync function also has an ...Async twin that takes a CancellationToken.
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
Console.WriteLine(await MyModule.GreetAsync("again", timeout.Token));
