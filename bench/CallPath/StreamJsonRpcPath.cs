using System.Net;
using System.Net.Sockets;
using StreamJsonRpc;

namespace SimpleRpc.Bench.CallPath;

/// <summary>
/// StreamJsonRpc as the docs set it up for newline-delimited JSON: a
/// <see cref="NewLineDelimitedMessageHandler"/> with a <see cref="JsonMessageFormatter"/> on both
/// ends, the server in this process on an OS-chosen loopback port.
/// </summary>
internal static class StreamJsonRpcPath
{
    public static LoopbackListener StartServer() => new(static async (socket, stop) =>
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var rpc = new JsonRpc(new NewLineDelimitedMessageHandler(stream, stream, new JsonMessageFormatter()));
        rpc.AddLocalRpcTarget(new ZTarget());
        rpc.StartListening();
        await rpc.Completion.WaitAsync(stop).ConfigureAwait(false);
    });

    /// <summary>A client connected to <paramref name="endpoint"/> (the server, or a relay in front of it).</summary>
    public static async Task<JsonRpc> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = await RawTcp.ConnectAsync(endpoint).ConfigureAwait(false);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var rpc = new JsonRpc(new NewLineDelimitedMessageHandler(stream, stream, new JsonMessageFormatter()));
        rpc.StartListening();
        return rpc;
    }

    public static async Task AddAsync(JsonRpc rpc, int a, int b)
    {
        var sum = await rpc.InvokeWithCancellationAsync<int>(nameof(ZTarget.Add), [a, b], CancellationToken.None).ConfigureAwait(false);
        Check.Sum(a, b, sum);
    }

    /// <summary>Sends <see cref="EchoText.Make"/>'s 1 KB text to <see cref="ZTarget.Reverse"/> and checks the answer.</summary>
    public static async Task ReverseAsync(JsonRpc rpc, int a, int b)
    {
        var text = EchoText.Make(a, b);
        var reversed = await rpc.InvokeWithCancellationAsync<string>(nameof(ZTarget.Reverse), [text], CancellationToken.None).ConfigureAwait(false);
        Check.Reversed(text, reversed);
    }
}
