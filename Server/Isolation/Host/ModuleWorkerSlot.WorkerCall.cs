using System.Globalization;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Isolation.Host;

internal sealed partial class ModuleWorkerSlot
{
    /// <summary>
    /// One call in a worker: sent on the worker's link under a fresh id and ended by whichever
    /// comes first of the worker's answer (on the link's reading thread), the link's loss, the
    /// deadline backstop (the link's sweep: the worker is stopped) and the caller's cancellation.
    /// The link hands the end to exactly one of them (<see cref="PendingReply"/>).
    /// </summary>
    private sealed class WorkerCall : PendingReply
    {
        private readonly ModuleWorkerSlot _slot;
        private readonly WorkerProcess _worker;
        private readonly JsonRpcMessage _request;
        private readonly string _caller;
        private readonly TimeSpan _timeout;
        private readonly long _started;
        private readonly ICallCompletion _completion;
        private long _id;

        public WorkerCall(ModuleWorkerSlot slot, WorkerProcess worker, JsonRpcMessage request, string caller, TimeSpan timeout, long started, ICallCompletion completion)
        {
            _slot = slot;
            _worker = worker;
            _request = request;
            _caller = caller;
            _timeout = timeout;
            _started = started;
            _completion = completion;

            // The backstop past the worker's own deadline is the link's deadline sweep: no timer
            // or token source per call.
            DeadlineTick = Environment.TickCount64 + (long)(timeout + Backstop).TotalMilliseconds;
        }

        private int DeadlineMs => (int)Math.Min(int.MaxValue, _timeout.TotalMilliseconds);

        public void Send(CancellationToken cancellationToken)
        {
            var link = _worker.Connection;
            _id = link.NextId();

            // The params travel as the caller sent them: the worker binds them to the function.
            var trace = Diagnostics.ServerTracing.Forward(_request);
            var forward = _request.Forward(RpcId.From(_id), DeadlineMs, trace.Parent, trace.State);
            _worker.CallStarted();
            int waiting;
            try
            {
                waiting = link.RegisterReply(_id, this);
            }
            catch (RpcException ex)
            {
                // Too many calls waiting for the worker (maxPendingCalls): it was never sent.
                End(JsonRpcMessage.Failure(_request.Id, ex.ToError()), lost: false);
                return;
            }

            bool sent;
            try
            {
                // With other calls waiting for their answers, more are likely on their way from
                // other threads: let them share one write.
                sent = link.Send(forward, moreComing: waiting > 0);
            }
            catch (RpcException ex)
            {
                // Over the frame limit: it never reached the worker.
                if (link.ForgetPending(_id))
                {
                    End(JsonRpcMessage.Failure(_request.Id, ex.ToError()), lost: false);
                }

                return;
            }

            if (!sent)
            {
                // The link closed under the send: the worker ended (its end is described below).
                if (link.ForgetPending(_id))
                {
                    Complete(JsonRpcMessage.Failure(RpcId.From(_id), new RpcError(RpcErrorCodes.ConnectionLost, "The worker's link is closed.")));
                }

                return;
            }

            if (cancellationToken.CanBeCanceled)
            {
                HoldCancellation(cancellationToken.UnsafeRegister(static state => ((WorkerCall)state!).OnCancelled(), this));
            }
        }

        public override void Complete(JsonRpcMessage reply)
        {
            if (reply.Error is { Code: RpcErrorCodes.ConnectionLost })
            {
                EndCancellation();
                _worker.CallEnded(lost: true);
                _ = EndLostAsync();
                return;
            }

            if (reply.Error is { Code: RpcErrorCodes.ModuleThrew } thrown && IsOutOfMemory(thrown))
            {
                // What the call allocated may stay with the process long after the collector freed it
                // (hundreds of MB until the idle stop): the next calls get a fresh worker.
                _slot.Recycle(_worker, $"a call to {_request.Method} ran out of memory (OutOfMemoryException); a new worker serves the next calls", "out_of_memory");
            }

            End(reply.ReplyAs(_request.Id), lost: false);
        }

        public override void Expire(long id)
        {
            _worker.Kill(string.Create(CultureInfo.InvariantCulture, $"it did not answer a call to {_request.Method} within its deadline of {DeadlineMs} ms and {Backstop.TotalSeconds:0} s more"), counts: true, "deadline");
            End(JsonRpcMessage.Failure(_request.Id, new RpcError(RpcErrorCodes.Timeout, string.Create(CultureInfo.InvariantCulture, $"The call to {_request.Method} passed its deadline of {DeadlineMs} ms; the module's worker did not answer and was stopped."))), lost: false);
        }

        // $/cancelRequest from the caller, or its connection closed: the worker is told; if the
        // function will not stop, the worker says so and is stopped (WorkerProcess.OnWorkerMessageAsync).
        private void OnCancelled()
        {
            if (_worker.Connection.CancelPending(_id))
            {
                End(ModuleCalls.Cancelled(_request), lost: false);
            }
        }

        private void End(JsonRpcMessage reply, bool lost)
        {
            EndCancellation();
            _worker.CallEnded(lost);
            _slot.Finish(_request, _caller, _timeout, _started, _completion, reply);
        }

        // The worker ended during the call: the caller is told how, once the end is known.
        private async Task EndLostAsync()
        {
            var why = await _worker.DescribeEndAsync().ConfigureAwait(false);
            _slot.Finish(_request, _caller, _timeout, _started, _completion, JsonRpcMessage.Failure(_request.Id, new RpcError(RpcErrorCodes.WorkerLost, $"The call to {_request.Method} was lost: the worker process of module '{_slot.Module}' ended during it ({why}). A new worker replaces it.")));
        }
    }
}
