namespace SimpleRpc.Rpc;

/// <summary>Limits of one JSON-RPC connection. Every limit has a name in the conf files.</summary>
public sealed record JsonRpcConnectionOptions
{
    /// <summary>The longest line accepted (conf key <c>maxFrameBytes</c>); default 4 MiB.</summary>
    public int MaxFrameBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The deepest JSON nesting accepted in a message, params included (conf key <c>maxJsonDepth</c>); default 64.</summary>
    public int MaxJsonDepth { get; init; } = Serialization.RpcJson.MaxDepth;

    /// <summary>Requests this side may have waiting for replies (conf key <c>maxPendingCalls</c>); default 10,000.</summary>
    public int MaxPendingRequests { get; init; } = 10_000;

    /// <summary>Unsent bytes allowed before the peer counts as not reading (conf key <c>maxQueuedBytes</c>); default 64 MiB.</summary>
    public long MaxQueuedBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// How many connections of this process may read on a thread of their own (a blocking
    /// receive, woken straight by the kernel) before the rest read on the thread pool; default 0.
    /// A few long-lived links gain the most: a stub's, an app's, a worker's. Closing the stream
    /// must end a blocked read (a socket's does); a pipe's dispose waits for the read instead, so
    /// the worker link closes the peer's side first and disposes its reading side off the caller's thread.
    /// </summary>
    public int DedicatedReadThreads { get; init; }

    /// <summary>
    /// True to let the code that awaits a reply (<see cref="JsonRpcConnection.SendRequestAsync(Protocol.JsonRpcMessage, TimeSpan, bool, CancellationToken)"/>)
    /// resume on the reading thread that read the reply, as a guarded handler does: no hand-off
    /// to the pool, and what it sends next leaves in the read loop's batch of writes. Only on a
    /// thread of its own (<see cref="DedicatedReadThreads"/>); elsewhere, and for cancellations and
    /// deadlines, it resumes on the pool. Code that blocks there holds later replies for at most
    /// <see cref="JsonRpcConnection.ReaderTakeoverAfter"/> (a new thread reads on), and after it has
    /// run 10 ms or more three times, this connection resumes callers on the pool for good.
    /// Default false; the app runtime (<c>RpcClient</c>) turns it on.
    /// </summary>
    public bool ResumeCallersOnReader { get; init; }

    /// <summary>
    /// How long a reader on a thread of its own (<see cref="DedicatedReadThreads"/>) that has taken
    /// everything there was keeps looking for more before it sleeps in the kernel
    /// (<see cref="Framing.LineFrameReader.SpinBeforeWait"/>); readers on the pool never spin.
    /// It pays where CPUs are often idle between hand-offs (a worker process per module) and costs
    /// where they are busy (conf key <c>readSpinMicroseconds</c>); default zero, no spin.
    /// </summary>
    public TimeSpan ReadSpin { get; init; }

    /// <summary>The read spin of apps and stubs, and of a server with workers, when nothing else is configured: 50 µs.</summary>
    public const int DefaultReadSpinMicroseconds = 50;

    /// <summary>The longest read spin the programs' <c>readSpinMicroseconds</c> accepts: 1,000 µs.</summary>
    public const int MaxReadSpinMicroseconds = 1000;
}
