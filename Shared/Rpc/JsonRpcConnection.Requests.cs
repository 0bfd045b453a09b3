using SimpleRpc.Diagnostics;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Serialization;

namespace SimpleRpc.Rpc;

public sealed partial class JsonRpcConnection
{
    /// <summary>
    /// Sends a request and returns the reply, success or error. The task fails only if the
    /// request could not be sent or was cancelled locally; a lost connection yields an error reply.
    /// </summary>
    public Task<JsonRpcMessage> SendRequestAsync(string method, string? paramsJson, CancellationToken cancellationToken) =>
        SendRequestAsync(JsonRpcMessage.Request(RpcId.None, method, paramsJson), cancellationToken);

    /// <summary>
    /// Sends <paramref name="request"/> under a fresh id and returns the reply. Cancelling
    /// <paramref name="cancellationToken"/> ends the task at once and tells the peer with
    /// <c>$/cancelRequest</c>.
    /// </summary>
    public Task<JsonRpcMessage> SendRequestAsync(JsonRpcMessage request, CancellationToken cancellationToken) =>
        SendRequestAsync(request, Timeout.InfiniteTimeSpan, mayShareWrite: true, cancellationToken);

    /// <summary>
    /// Sends <paramref name="request"/> under a fresh id and returns the reply; the task is
    /// cancelled when no reply came within <paramref name="localDeadline"/> (the peer is told with
    /// <c>$/cancelRequest</c>). The deadline costs no timer or token source of its own: one sweep
    /// per connection checks every pending request a few times a second.
    /// </summary>
    /// <param name="request">The request; its id is replaced.</param>
    /// <param name="localDeadline">How long to wait for the reply; <see cref="Timeout.InfiniteTimeSpan"/> for ever.</param>
    /// <param name="mayShareWrite">
    /// False for a caller that blocks its thread until the reply (a synchronous proxy call): its
    /// request is written at once on its own thread, never handed to the pool.
    /// </param>
    /// <param name="cancellationToken">Ends the wait at once and tells the peer.</param>
    /// <remarks>
    /// The code after the caller's await runs on the pool, or on a guarded reading thread with
    /// <see cref="JsonRpcConnectionOptions.ResumeCallersOnReader"/>: a read loop blocked by it would
    /// stop every later reply. A relay that only passes the reply on registers a
    /// <see cref="PendingReply"/> instead (<see cref="RegisterReply"/>).
    /// </remarks>
    public Task<JsonRpcMessage> SendRequestAsync(JsonRpcMessage request, TimeSpan localDeadline, bool mayShareWrite, CancellationToken cancellationToken)
    {
        var id = NextId();
        var pending = new TaskReply(Options.ResumeCallersOnReader ? TaskReply.Resume.OnGuardedReader : TaskReply.Resume.OnPool);
        if (localDeadline != Timeout.InfiniteTimeSpan)
        {
            pending.DeadlineTick = Environment.TickCount64 + (long)localDeadline.TotalMilliseconds;
            EnsureDeadlineSweep();
        }

        var othersWaiting = Register(id, pending) > 0;
        bool sent;
        try
        {
            // With other requests waiting for replies, more are likely on their way from other
            // threads: let them share one write.
            sent = Send(request.WithId(RpcId.From(id)), moreComing: mayShareWrite && othersWaiting);
        }
        catch
        {
            // An oversized request must not keep its slot in the pending table
            // (JsonRpcConnectionTests.SendRequestAsync_OverFrameLimit_ThrowsAndFreesSlot).
            _pending.TryRemove(id, out _);
            throw;
        }

        if (!sent)
        {
            _pending.TryRemove(id, out _);
            return Task.FromResult(JsonRpcMessage.Failure(RpcId.From(id), new RpcError(RpcErrorCodes.ConnectionLost, $"The connection to {DisplayName} is closed.")));
        }

        if (cancellationToken.CanBeCanceled)
        {
            // The reply unregisters it (TaskReply.Complete): a continuation for that would be a
            // pool hand-off per call.
            pending.Hold(cancellationToken.Register(() =>
            {
                if (CancelPending(id))
                {
                    pending.Cancel(cancellationToken);
                }
            }));
        }

        return pending.Task;
    }

    /// <summary>Sends a request and returns its result as <typeparamref name="T"/>.</summary>
    /// <exception cref="RpcException">The peer answered with an error (or the connection was lost).</exception>
    public async Task<T?> InvokeAsync<T>(string method, object? parameters, CancellationToken cancellationToken)
    {
        var reply = await SendRequestAsync(method, parameters is null ? null : RpcJson.Serialize(parameters), cancellationToken).ConfigureAwait(false);
        if (reply.Error is { } error)
        {
            throw RpcException.FromError(error);
        }

        return RpcJson.Deserialize<T>(reply.ResultJson ?? "null");
    }

    /// <summary>
    /// Registers <paramref name="reply"/> for the reply to request <paramref name="id"/> (from
    /// <see cref="NextId"/>), before the request is sent. Its <see cref="PendingReply.DeadlineTick"/>
    /// costs no timer of its own: the connection's sweep checks it. On a closed connection the
    /// reply is completed at once with a connection-lost error.
    /// </summary>
    /// <returns>How many requests were waiting for replies before this one (more are likely on their way: a send may share a write).</returns>
    /// <exception cref="RpcException">The pending-request table is full (maxPendingCalls).</exception>
    public int RegisterReply(long id, PendingReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.DeadlineTick != long.MaxValue)
        {
            EnsureDeadlineSweep();
        }

        return Register(id, reply);
    }

    /// <summary>Forgets a pending request, for example one whose caller gave up.</summary>
    public bool ForgetPending(long id) => _pending.TryRemove(id, out _);

    /// <summary>
    /// Gives up on request <paramref name="id"/>: forgets it and tells the peer with
    /// <c>$/cancelRequest</c>. False when its reply came (or its deadline passed) first: then that
    /// ended it.
    /// </summary>
    public bool CancelPending(long id)
    {
        if (!_pending.TryRemove(id, out _))
        {
            return false;
        }

        Notify(JsonRpcMessage.CancelRequestMethod, new CancelRequest(id));
        return true;
    }

    // Returns how many requests were waiting before this one (one look at the table's count, which
    // takes all its locks: the limit check and the caller's write sharing use the same figure).
    private int Register(long id, IPendingReply pending)
    {
        var waiting = _pending.Count;
        if (waiting >= Options.MaxPendingRequests)
        {
            throw new RpcException(RpcErrorCodes.LimitExceeded, $"Too many calls waiting for {DisplayName}: the limit is {Options.MaxPendingRequests} (maxPendingCalls).");
        }

        if (IsClosed)
        {
            pending.Complete(JsonRpcMessage.Failure(RpcId.From(id), new RpcError(RpcErrorCodes.ConnectionLost, $"The connection to {DisplayName} is closed.")));
            return waiting;
        }

        _pending[id] = pending;
        return waiting;
    }

    private void CompletePending(JsonRpcMessage reply)
    {
        if (reply.Id.Kind == RpcIdKind.Number && _pending.TryRemove(reply.Id.Number, out var pending))
        {
            pending.Complete(reply);
        }
        else
        {
            ConnectionLog.UnmatchedReply(_log, reply.Id.ToString(), DisplayName);
        }
    }

    /// <summary>What the pending-request table holds: a <see cref="PendingReply"/>, or a task or callback of this class.</summary>
    internal interface IPendingReply
    {
        /// <summary>When the reply is given up on (Environment.TickCount64); long.MaxValue for never.</summary>
        long DeadlineTick { get; }

        /// <summary>The reply came (or the connection closed first).</summary>
        void Complete(JsonRpcMessage reply);

        /// <summary>The deadline passed with no reply to request <paramref name="id"/>.</summary>
        void Expire(long id);
    }

    // Starts the per-connection sweep that expires requests past their local deadline.
    private void EnsureDeadlineSweep()
    {
        if (Volatile.Read(ref _deadlineSweep) is not null || IsClosed)
        {
            return;
        }

        var timer = new Timer(static state => ((JsonRpcConnection)state!).ExpireOverdue(), this, Timeout.Infinite, Timeout.Infinite);
        if (Interlocked.CompareExchange(ref _deadlineSweep, timer, null) is not null)
        {
            timer.Dispose();
            return;
        }

        timer.Change(DeadlineSweepPeriod, DeadlineSweepPeriod);
        if (IsClosed)
        {
            timer.Dispose();
        }
    }

    private void ExpireOverdue()
    {
        var now = Environment.TickCount64;
        foreach (var (id, pending) in _pending)
        {
            if (pending.DeadlineTick <= now && _pending.TryRemove(id, out _))
            {
                pending.Expire(id);
                Notify(JsonRpcMessage.CancelRequestMethod, new CancelRequest(id));
            }
        }
    }

    private sealed class TaskReply : TaskCompletionSource<JsonRpcMessage>, IPendingReply
    {
        // Continuations run on the pool unless the connection resumes callers on a guarded
        // reading thread (ResumeCallersOnReader): an app may block a thread in the code after its
        // await, and running that inline on an unguarded read loop would stall the loop that must
        // deliver every later reply.
        private readonly Resume _resume;
        private CancellationHold _cancellation;

        public TaskReply(Resume resume)
            : base(resume == Resume.OnPool ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None) =>
            _resume = resume;

        public enum Resume
        {
            OnPool,
            OnGuardedReader,
        }

        public long DeadlineTick { get; set; } = long.MaxValue;

        public void Hold(CancellationTokenRegistration registration) => _cancellation.Hold(this, registration);

        public void Complete(JsonRpcMessage reply)
        {
            Release();
            if (_resume != Resume.OnGuardedReader || _resumingOnReader)
            {
                TrySetResult(reply);
                return;
            }

            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Reply.TrySetResult(state.Message), (Reply: this, Message: reply), preferLocal: false);
        }

        public void Cancel(CancellationToken token)
        {
            Release();
            if (_resume != Resume.OnGuardedReader)
            {
                TrySetCanceled(token);
                return;
            }

            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Reply.TrySetCanceled(state.Token), (Reply: this, Token: token), preferLocal: false);
        }

        public void Expire(long id) => Cancel(CancellationToken.None);

        private void Release() => _cancellation.End(this);
    }
}
