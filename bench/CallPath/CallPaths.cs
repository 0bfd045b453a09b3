using System.Net;
using SimpleRpc.Client;

namespace SimpleRpc.Bench.CallPath;

/// <summary>
/// Every scenario of the benchmark (bench/README.md, "Scenarios"): its key, its title, its
/// clients and the call it makes. The 1 KB rows (keys ending in <c>e</c>) send
/// <see cref="EchoText"/> and are measured with the 1×64 shape only.
/// </summary>
internal static class CallPaths
{
    private const string Key = "dev-publisher-key-0001";
    private static readonly RpcMethod Add = new("z", 1, "Add(int,int)");
    private static readonly RpcMethod Reverse = new("z", 1, "Reverse(string)");

    /// <summary>The scenarios that need the real server and stub.</summary>
    public static IReadOnlyList<string> SimpleRpcKeys { get; } = ["5", "5m", "6", "6m", "5e", "5me"];

    /// <summary>Connects the paths served in this process (raw TCP, StreamJsonRpc).</summary>
    public static async Task ConnectLocalAsync(PathConnector paths, IPEndPoint echo, IPEndPoint echoRelay, IPEndPoint sjr, IPEndPoint sjrRelay)
    {
        var none = ServingProcesses.None;
        await paths.ConnectAsync("1", "raw TCP echo, one hop, 100 B", ScenarioKind.Floor, none, wide: true,
            _ => RawEchoClient.ConnectAsync(echo, 100), static (c, _, _) => c.CallAsync(), static c => c.Dispose()).ConfigureAwait(false);
        await paths.ConnectAsync("2", "raw TCP through a byte relay (the floor)", ScenarioKind.Floor, none, wide: true,
            _ => RawEchoClient.ConnectAsync(echoRelay, 100), static (c, _, _) => c.CallAsync(), static c => c.Dispose()).ConfigureAwait(false);
        await paths.ConnectAsync("3", "StreamJsonRpc, one hop", ScenarioKind.StreamJsonRpc, none, wide: true,
            _ => StreamJsonRpcPath.ConnectAsync(sjr), StreamJsonRpcPath.AddAsync, static c => c.Dispose()).ConfigureAwait(false);
        await paths.ConnectAsync("4", "StreamJsonRpc, two hops via the relay", ScenarioKind.StreamJsonRpc, none, wide: true,
            _ => StreamJsonRpcPath.ConnectAsync(sjrRelay), StreamJsonRpcPath.AddAsync, static c => c.Dispose()).ConfigureAwait(false);
        // The issue's own comparison: StreamJsonRpc two hops driven by the same minimal NDJSON client as 5m.
        await paths.ConnectAsync("4m", "StreamJsonRpc, two hops via the relay (minimal client)", ScenarioKind.StreamJsonRpc, none, wide: true,
            _ => MinimalJsonRpcClient.ConnectAsync(sjrRelay.ToString(), null, Key, MinimalDialect.StreamJsonRpc), static (c, a, b) => c.AddAsync(a, b), static c => c.Dispose()).ConfigureAwait(false);
        await paths.ConnectAsync("2e", "raw TCP through a byte relay, 1 KB line", ScenarioKind.Floor, none, wide: false,
            _ => RawEchoClient.ConnectAsync(echoRelay, EchoText.Length), static (c, _, _) => c.CallAsync(), static c => c.Dispose()).ConfigureAwait(false);
        await paths.ConnectAsync("4e", "StreamJsonRpc, two hops via the relay, Reverse(1 KB string)", ScenarioKind.StreamJsonRpc, none, wide: false,
            _ => StreamJsonRpcPath.ConnectAsync(sjrRelay), StreamJsonRpcPath.ReverseAsync, static c => c.Dispose()).ConfigureAwait(false);
        await paths.ConnectAsync("4me", "StreamJsonRpc, two hops via the relay, Reverse(1 KB string) (minimal client)", ScenarioKind.StreamJsonRpc, none, wide: false,
            _ => MinimalJsonRpcClient.ConnectAsync(sjrRelay.ToString(), null, Key, MinimalDialect.StreamJsonRpc), static (c, a, b) => c.ReverseAsync(a, b), static c => c.Dispose()).ConfigureAwait(false);
    }

    /// <summary>Connects the paths through the real server (and stub).</summary>
    public static async Task ConnectSimpleRpcAsync(PathConnector paths, SimpleRpcHost host)
    {
        var serving = host.Serving;
        await paths.ConnectAsync("5", "SimpleRpc app → stub → server (RpcClient)", ScenarioKind.SimpleRpc, serving, wide: true,
            _ => Task.FromResult(host.NewClient()), AddAsync, Close).ConfigureAwait(false);
        await paths.ConnectAsync("5m", "SimpleRpc app → stub → server (minimal client)", ScenarioKind.SimpleRpc, serving, wide: true,
            _ => MinimalJsonRpcClient.ConnectAsync(host.AppEndpoint, null, Key), static (c, a, b) => c.AddAsync(a, b), static c => c.Dispose()).ConfigureAwait(false);

        // Straight to the server, each connection says hello with a name of its own.
        await paths.ConnectAsync("6", "SimpleRpc server only, hello + RpcClient's call code", ScenarioKind.SimpleRpc, serving, wide: true,
            n => DirectServerClient.ConnectAsync(host.ServerEndpoint, $"bench-direct-{n}", Key),
            static async (c, a, b) => Check.Sum(a, b, await c.InvokeAsync<int>(Add, [a, b], CancellationToken.None).ConfigureAwait(false)),
            static c => _ = c.DisposeAsync().AsTask()).ConfigureAwait(false);
        await paths.ConnectAsync("6m", "SimpleRpc server only, hello + minimal client", ScenarioKind.SimpleRpc, serving, wide: true,
            n => MinimalJsonRpcClient.ConnectAsync(host.ServerEndpoint, $"bench-minimal-{n}", Key), static (c, a, b) => c.AddAsync(a, b), static c => c.Dispose()).ConfigureAwait(false);

        await paths.ConnectAsync("5e", "SimpleRpc app → stub → server, z.Reverse(1 KB string) (RpcClient)", ScenarioKind.SimpleRpc, serving, wide: false,
            _ => Task.FromResult(host.NewClient()), ReverseAsync, Close).ConfigureAwait(false);
        await paths.ConnectAsync("5me", "SimpleRpc app → stub → server, z.Reverse(1 KB string) (minimal client)", ScenarioKind.SimpleRpc, serving, wide: false,
            _ => MinimalJsonRpcClient.ConnectAsync(host.AppEndpoint, null, Key), static (c, a, b) => c.ReverseAsync(a, b), static c => c.Dispose()).ConfigureAwait(false);
    }

    // What a generated proxy does: z.Add(a, b) and z.Reverse(text) through RpcClient.
    private static async Task AddAsync(RpcClient client, int a, int b) =>
        Check.Sum(a, b, await client.InvokeAsync<int>(Add, [a, b], CancellationToken.None).ConfigureAwait(false));

    private static async Task ReverseAsync(RpcClient client, int a, int b)
    {
        var text = EchoText.Make(a, b);
        Check.Reversed(text, await client.InvokeAsync<string>(Reverse, [text], CancellationToken.None).ConfigureAwait(false));
    }

    private static void Close(RpcClient client) => _ = client.DisposeAsync().AsTask();
}
