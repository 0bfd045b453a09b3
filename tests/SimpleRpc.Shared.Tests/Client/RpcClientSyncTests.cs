using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SimpleRpc.Client;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;

namespace SimpleRpc.Shared.Tests.Client;

/// <summary>
/// A synchronous call (what a generated sync proxy method does) against a real loopback peer:
/// it must need no thread-pool thread besides the caller's own, so sync calls from many threads
/// cannot starve the pool.
/// </summary>
[NonParallelizable]
public sealed class RpcClientSyncTests
{
    private static readonly RpcMethod Add = new("z", 1, "Add(int,int)");

    [Test]
    [CancelAfter(30_000)]
    public void Invoke_EveryPoolThreadBusy_StillGetsItsReply()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        var peerThread = new Thread(() => ServeOne(listener)) { IsBackground = true };
        peerThread.Start();
        var client = new RpcClient($"127.0.0.1:{endpoint.Port}");
        Assert.That(client.Invoke<int>(Add, [1, 2]), Is.EqualTo(3), "a first call connects");

        ThreadPool.GetMinThreads(out var minWorkers, out _);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        // Not disposed: a blocker that starts after the test gave up must still find them.
        var gate = new ManualResetEventSlim();
        var blocked = 0;
        var workers = Math.Max(minWorkers, ThreadPool.ThreadCount);
        Assert.That(ThreadPool.SetMaxThreads(workers, maxIo), Is.True);
        try
        {
            // Twice as many blockers as the pool may have workers: every worker blocks on the gate,
            // the pool may not add one, and the rest wait in its queue ahead of anything queued later.
            for (var i = 0; i < 2 * workers; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => { Interlocked.Increment(ref blocked); gate.Wait(); }, null);
            }

            Assert.That(
                SpinWait.SpinUntil(() => Volatile.Read(ref blocked) > 0 && ThreadPool.PendingWorkItemCount >= workers, TimeSpan.FromSeconds(10)),
                Is.True,
                $"the pool is saturated ({blocked} blocked, {ThreadPool.PendingWorkItemCount} queued)");
            var sum = 0;
            var caller = new Thread(() => sum = client.Invoke<int>(Add, [20, 22])) { IsBackground = true };
            caller.Start();
            var finished = caller.Join(TimeSpan.FromSeconds(10));
            gate.Set();
            Assert.That(finished, Is.True, "the sync call completed without any pool thread");
            Assert.That(sum, Is.EqualTo(42));
        }
        finally
        {
            gate.Set();
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // The far end: a real connection reading on a thread of its own, answering z.Add.
    private static void ServeOne(TcpListener listener)
    {
        var socket = listener.AcceptSocket();
        var connection = new JsonRpcConnection(new NetworkStream(socket, ownsSocket: true), new JsonRpcConnectionOptions { DedicatedReadThreads = int.MaxValue }, NullLogger.Instance, "peer")
        {
            RequestHandler = static (connection, message) =>
            {
                var args = RpcJson.Deserialize<int[]>(message.ParamsJson!)!;
                connection.Reply(message.Id, args[0] + args[1]);
                return ValueTask.CompletedTask;
            },
        };
        connection.Start();
    }
}
