using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SimpleRpc.Diagnostics;
using SimpleRpc.Net;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;

namespace SimpleRpc.Client;

/// <summary>
/// The app's connection to its local ClientStub. Connects on first use and again after the
/// connection is lost. Thread-safe.
/// </summary>
public sealed class RpcClient : IAsyncDisposable
{
    /// <summary>Environment variable naming the stub's endpoint for <see cref="Default"/>.</summary>
    public const string EndpointVariable = "SIMPLERPC_STUB";

    /// <summary>The endpoint used when nothing else is configured: the default stub conf's app port.</summary>
    public const string DefaultEndpoint = "127.0.0.1:5151";

    // Each client reads its replies on a thread of its own (blocked in the kernel while idle), up
    // to 64 connections in the process, as in a stub; past that they read on the pool, and their
    // callers no longer resume on the reading thread. It was 8: an app with a ninth client (the
    // call-path bench opens nine for its 8 × 16 shape) had its later clients' calls handed to
    // the pool, a third slower for 1 KB calls.
    private const int ReaderThreads = 64;
    private static readonly AsyncLocal<TimeSpan?> CallTimeout = new();
    // Each hop waits a little longer than the one behind it, so the caller hears the nearest
    // hop that knows why: the server gives up on a frozen worker 2 s past the deadline, the stub
    // on a silent server 2.5 s past it, the app on a silent stub 3 s past it.
    private static readonly TimeSpan LocalDeadlineGrace = TimeSpan.FromSeconds(3);
    private static RpcClient? _default;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly ILogger _log;
    private JsonRpcConnection? _connection;

    /// <summary>Creates a client for the stub at <paramref name="endpoint"/> (host:port).</summary>
    public RpcClient(string endpoint, ILogger? log = null)
    {
        EndpointParser.Parse(endpoint);
        Endpoint = endpoint;
        _log = log ?? NullLogger.Instance;
    }

    /// <summary>The client that generated proxies use; see <see cref="ConfigureDefault"/>.</summary>
    public static RpcClient Default
    {
        get
        {
            var current = Volatile.Read(ref _default);
            if (current is not null)
            {
                return current;
            }

            var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
            var created = new RpcClient(string.IsNullOrWhiteSpace(endpoint) ? DefaultEndpoint : endpoint);
            return Interlocked.CompareExchange(ref _default, created, null) ?? created;
        }
    }

    /// <summary>The deadline of a call when no <see cref="WithTimeout"/> scope names one. Default 30 s.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The stub's endpoint.</summary>
    public string Endpoint { get; }

    /// <summary>
    /// How long the thread that reads the stub's replies keeps looking for more before it sleeps,
    /// once it has read everything there was (<see cref="JsonRpcConnectionOptions.ReadSpin"/>): a
    /// reply that comes within it finds the thread awake. It buys throughput with CPU, most of it
    /// spent when calls come one at a time; <see cref="TimeSpan.Zero"/> turns it off. Set before
    /// the first call. Default 50 µs.
    /// </summary>
    public TimeSpan ReadSpin { get; init; } = TimeSpan.FromMicroseconds(JsonRpcConnectionOptions.DefaultReadSpinMicroseconds);

    /// <summary>Points <see cref="Default"/> at another stub; call before the first proxy call.</summary>
    public static void ConfigureDefault(string endpoint, ILogger? log = null) =>
        Interlocked.Exchange(ref _default, new RpcClient(endpoint, log));

    /// <summary>Calls the function described by <paramref name="method"/> with positional <paramref name="args"/>.</summary>
    /// <remarks>
    /// The call's deadline is <see cref="WithTimeout"/>'s, else <see cref="DefaultTimeout"/>; it
    /// travels to the server, which stops waiting when it passes. Cancelling
    /// <paramref name="cancellationToken"/> ends the call at once and cancels it on the server.
    /// </remarks>
    /// <exception cref="TimeoutException">The call passed its deadline.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="RemoteInvocationException">The module threw an exception that is not a well-known BCL one.</exception>
    /// <exception cref="RpcException">The call failed for another reason (no such function, module changed, stub down, ...).</exception>
    public async Task<T> InvokeAsync<T>(RpcMethod method, object?[] args, CancellationToken cancellationToken)
    {
        var timeout = CallTimeout.Value ?? DefaultTimeout;
        var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);

        // The server answers a passed deadline itself; the local deadline, a little later, covers
        // a server or stub that cannot answer at all.
        JsonRpcMessage reply;
        using var activity = RpcTracing.StartCall(RpcTracing.ClientSource, method.WireName, ActivityKind.Client);
        try
        {
            reply = await connection.SendRequestAsync(Request(method, args, timeout, activity ?? Activity.Current), timeout + LocalDeadlineGrace, mayShareWrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw NoReply(method, timeout);
        }

        RpcTracing.EndCall(activity, reply.Error);
        return Result<T>(reply, method);
    }

    /// <summary>
    /// Calls the function and blocks the calling thread until its result: what a synchronous
    /// proxy method does. No other thread is needed for the call (the reply wakes this thread
    /// directly), so synchronous calls from many threads cannot starve the thread pool.
    /// </summary>
    /// <exception cref="TimeoutException">The call passed its deadline.</exception>
    /// <exception cref="RemoteInvocationException">The module threw an exception that is not a well-known BCL one.</exception>
    /// <exception cref="RpcException">The call failed for another reason.</exception>
    public T Invoke<T>(RpcMethod method, object?[] args)
    {
        var timeout = CallTimeout.Value ?? DefaultTimeout;
        var connection = Volatile.Read(ref _connection) is { IsClosed: false } open
            ? open
            : GetConnectionAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

        // Called from a handler on a read loop, whatever that loop held back must leave before
        // this thread blocks, and so must this request.
        using var unbatched = Framing.WriteBatch.Suspend();
        using var activity = RpcTracing.StartCall(RpcTracing.ClientSource, method.WireName, ActivityKind.Client);
        var reply = connection.SendRequestAsync(Request(method, args, timeout, activity ?? Activity.Current), timeout + LocalDeadlineGrace, mayShareWrite: false, CancellationToken.None);
        try
        {
            reply.Wait();
        }
        catch (AggregateException) when (reply.IsCanceled)
        {
            throw NoReply(method, timeout);
        }

        RpcTracing.EndCall(activity, reply.Result.Error);
        return Result<T>(reply.Result, method);
    }

    // The call's span, or the app's own when the runtime does not trace, goes along as traceparent.
    private static JsonRpcMessage Request(RpcMethod method, object?[] args, TimeSpan timeout, Activity? trace) => new()
    {
        Method = method.WireName,
        ParamsUtf8 = PrimitiveJson.TryWriteArray(args) ?? RpcJson.SerializeUtf8(args),
        ModuleVersion = method.ModuleVersion > 0 ? method.ModuleVersion : null,
        TimeoutMs = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds),
        TraceParent = trace is { IdFormat: ActivityIdFormat.W3C } ? trace.Id : null,
        TraceState = trace is { IdFormat: ActivityIdFormat.W3C } ? trace.TraceStateString : null,
    };

    private static TimeoutException NoReply(RpcMethod method, TimeSpan timeout) =>
        new($"No reply to {method.WireName} within {timeout.TotalMilliseconds:0} ms.");

    private static T Result<T>(JsonRpcMessage reply, RpcMethod method) =>
        reply.Error is { } error ? throw RemoteExceptions.ToException(error, method.ExceptionTypes)
            : !reply.ResultUtf8.IsEmpty ? (PrimitiveJson.TryRead<T>(reply.ResultUtf8.Span, out var value) ? value! : RpcJson.Deserialize<T>(reply.ResultUtf8)!)
            : RpcJson.Deserialize<T>(reply.ResultJson ?? "null")!;

    /// <summary>
    /// Sets the deadline of the calls made in this async flow until the result is disposed:
    /// <c>using (RpcClient.WithTimeout(TimeSpan.FromSeconds(2))) { Z.Slow(); }</c>.
    /// </summary>
    public static IDisposable WithTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var previous = CallTimeout.Value;
        CallTimeout.Value = timeout;
        return new TimeoutScope(previous);
    }

    /// <summary>Sends any method with raw JSON params and returns the raw reply.</summary>
    public async Task<JsonRpcMessage> SendAsync(string method, string? paramsJson, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.SendRequestAsync(method, paramsJson, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<JsonRpcConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _connection);
        if (current is { IsClosed: false })
        {
            return current;
        }

        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = _connection;
            if (current is { IsClosed: false })
            {
                return current;
            }

            try
            {
                current = await TcpConnector.ConnectAsync(Endpoint, new JsonRpcConnectionOptions { DedicatedReadThreads = ReaderThreads, ResumeCallersOnReader = true, ReadSpin = ReadSpin }, _log, null, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                throw new RpcException(RpcErrorCodes.ServerUnavailable, $"No SimpleRpc stub answers at {Endpoint}: {ex.Message}. Start a ClientStub or set {EndpointVariable}.");
            }

            Volatile.Write(ref _connection, current);
            return current;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connectGate.Dispose();
    }

    private sealed class TimeoutScope(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => CallTimeout.Value = previous;
    }
}
