using SimpleRpc.Protocol;

namespace SimpleRpc.Rpc;

/// <summary>
/// What waits for the reply to one request sent on a <see cref="JsonRpcConnection"/>, registered
/// with <see cref="JsonRpcConnection.RegisterReply"/>. A relay derives one object per forwarded call
/// from it and passes the reply on from <see cref="Complete"/>: no task, delegate or thread hop.
/// </summary>
/// <remarks>
/// The connection takes the entry out of its table before it calls <see cref="Complete"/> or
/// <see cref="Expire"/>, and <see cref="JsonRpcConnection.CancelPending"/> takes it out too: whoever
/// takes it out owns the call's end, so exactly one of the three happens. Both run on the thread
/// that read the reply (or closed the connection, or swept the deadlines) and must not block it.
/// </remarks>
public abstract class PendingReply : JsonRpcConnection.IPendingReply
{
    private CancellationHold _cancellation;

    /// <summary>
    /// When the connection gives up on the reply (<see cref="Environment.TickCount64"/>) and calls
    /// <see cref="Expire"/>; <see cref="long.MaxValue"/> (the default) for never.
    /// </summary>
    public long DeadlineTick { get; protected set; } = long.MaxValue;

    /// <summary>
    /// The reply came, success or error, or the connection closed first (then an error with
    /// <see cref="RpcErrorCodes.ConnectionLost"/> made here).
    /// </summary>
    public abstract void Complete(JsonRpcMessage reply);

    /// <summary>
    /// No reply came by <see cref="DeadlineTick"/>; the peer has been told with <c>$/cancelRequest</c>
    /// for request <paramref name="id"/>.
    /// </summary>
    public abstract void Expire(long id);

    /// <summary>
    /// Keeps the caller's cancellation registration (made after the request was sent) until
    /// <see cref="EndCancellation"/>, or unregisters it at once if the request ended first.
    /// </summary>
    protected void HoldCancellation(CancellationTokenRegistration registration) => _cancellation.Hold(this, registration);

    /// <summary>The request ended: its cancellation registration goes; safe inside the registration's own callback.</summary>
    protected void EndCancellation() => _cancellation.End(this);
}
