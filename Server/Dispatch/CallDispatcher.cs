using SimpleRpc.Protocol;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// The front door of module calls, for stubs and for the console's <c>call</c>: gives each call
/// its deadline (<c>timeoutMs</c>, capped, or the default), counts it by function and client
/// (<see cref="Callers"/>), and hands it to the <see cref="IModuleInvoker"/> the server runs
/// modules with: <see cref="InProcessInvoker"/> or the worker pool.
/// </summary>
/// <remarks>Thread-safe; adds no allocation, lock or thread hop to a call.</remarks>
public sealed class CallDispatcher
{
    private readonly IModuleInvoker _invoker;
    private readonly TimeSpan _defaultTimeout;
    private readonly TimeSpan _maxTimeout;

    /// <summary>Creates a dispatcher that runs calls with <paramref name="invoker"/>.</summary>
    /// <param name="invoker">Where calls run.</param>
    /// <param name="defaultTimeout">The deadline of a call that names none (conf <c>callTimeoutSeconds</c>).</param>
    /// <param name="maxTimeout">The longest deadline a caller may ask for (conf <c>maxCallTimeoutSeconds</c>).</param>
    public CallDispatcher(IModuleInvoker invoker, TimeSpan? defaultTimeout = null, TimeSpan? maxTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        _invoker = invoker;
        _defaultTimeout = defaultTimeout ?? TimeSpan.FromSeconds(30);
        _maxTimeout = maxTimeout ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>Where calls run.</summary>
    public IModuleInvoker Invoker => _invoker;

    /// <summary>
    /// When set, every call is counted here by function and client (the publish gate reads it);
    /// a worker process's own dispatcher has none, as the server's counted the call already.
    /// </summary>
    public RecentCallers? Callers { get; init; }

    /// <summary>Runs the call in <paramref name="request"/> and returns the reply to send.</summary>
    /// <param name="request">The call.</param>
    /// <param name="caller">The client's name, for logs.</param>
    /// <param name="cancellationToken">Cancelled by <c>$/cancelRequest</c> or when the caller disconnects.</param>
    /// <remarks>The code after an await of the task may block: it never runs on a thread that reads a worker's answers.</remarks>
    public Task<JsonRpcMessage> DispatchAsync(JsonRpcMessage request, string caller, CancellationToken cancellationToken)
    {
        Callers?.Record(request.Method!, caller);
        return _invoker.InvokeAsync(request, caller, TimeoutOf(request), cancellationToken);
    }

    /// <summary>
    /// Runs the call in <paramref name="request"/> and hands the reply to <paramref name="completion"/>:
    /// for a caller that only sends the reply on (a stub's session), which a worker's answer then
    /// reaches on the thread that read it, with no task and no hand-off to the pool.
    /// </summary>
    /// <param name="request">The call.</param>
    /// <param name="caller">The client's name, for logs.</param>
    /// <param name="cancellationToken">Cancelled by <c>$/cancelRequest</c> or when the caller disconnects.</param>
    /// <param name="completion">Gets the reply, once; possibly before this returns. It must not block.</param>
    public void Dispatch(JsonRpcMessage request, string caller, CancellationToken cancellationToken, ICallCompletion completion)
    {
        Callers?.Record(request.Method!, caller);
        _invoker.Invoke(request, caller, TimeoutOf(request), cancellationToken, completion);
    }

    /// <summary>The deadline of <paramref name="request"/>: its <c>timeoutMs</c> (at most the maximum) or the default.</summary>
    internal TimeSpan TimeoutOf(JsonRpcMessage request) =>
        request.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(Math.Min(ms, _maxTimeout.TotalMilliseconds)) : _defaultTimeout;
}
