using System.Text;
using SimpleRpc.Diagnostics;
using SimpleRpc.Framing;
using SimpleRpc.Protocol;
using SimpleRpc.Serialization;

namespace SimpleRpc.Rpc;

public sealed partial class JsonRpcConnection
{
    // Lines handled before the batch's writes go out even if more are buffered, so a peer that
    // sends fast still sees replies at a steady pace, and so the next process on the path starts
    // on the first half of a batch while this one works on the second: with one batch of 64 calls
    // going round app → stub → server → worker, only one of them worked at a time (about 1.1 of
    // the two cores busy). 32 rather than 64 took the process-mode path from 64–72k to 79–90k
    // calls/s for 1 × 64 in flight in the same window (bench/README.md); 16, 8 or a time budget
    // cost more in wake-ups than the overlap gave.
    private const int MaxLinesPerBatch = 32;

    private static int _dedicatedReaders;

    // Starts the read loop: on a thread of its own while the process has fewer than
    // Options.DedicatedReadThreads of them, else as a task on the pool.
    private void StartReading()
    {
        if (Interlocked.Increment(ref _dedicatedReaders) <= Options.DedicatedReadThreads)
        {
            var thread = new Thread(ReadLoopOnThread) { IsBackground = true, Name = "SimpleRpc reader" };
            thread.Start();
            return;
        }

        Interlocked.Decrement(ref _dedicatedReaders);
        _ = Task.Run(ReadLoopAsync);
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        var batch = new WriteBatch();
        try
        {
            while (HandleBufferedLines(batch, turn: null) == ReadStep.More && await _reader.FillAsync(_closing.Token).ConfigureAwait(false))
            {
            }
        }
        catch (Exception ex) when (IsEndOfReading(ex))
        {
            failure = OnEndOfReading(ex);
        }

        EndReading(batch, failure);
    }

    // A blocking receive on its own thread: the kernel wakes this thread when bytes arrive, with
    // no event-loop thread handing the completion to a pool thread in between (two wake-ups
    // become one; on a socket that needs LineFrameReader.Fill's wait in poll, SocketReceive). The loop ends when the stream is closed under it, or when a handler held it
    // so long that a new thread took the reading over (ReaderCanBeTakenOver).
    private void ReadLoopOnThread()
    {
        Exception? failure = null;
        var batch = new WriteBatch();
        var turn = WatchReader(batch);
        try
        {
            ReadStep step;
            while ((step = HandleBufferedLines(batch, turn)) == ReadStep.More && _reader.Fill())
            {
            }

            if (step == ReadStep.TakenOver)
            {
                // Another thread reads on and will end the connection; this one only leaves.
                return;
            }
        }
        catch (Exception ex) when (IsEndOfReading(ex))
        {
            failure = OnEndOfReading(ex);
        }
        catch (Exception ex)
        {
            // Nothing may escape a thread of our own: it would end the process.
            ConnectionLog.ReadLoopFailed(_log, ex, DisplayName);
            failure = ex;
        }
        finally
        {
            Interlocked.Decrement(ref _dedicatedReaders);
        }

        EndReading(batch, failure);
    }

    private enum ReadStep
    {
        More,
        Closed,
        TakenOver,
    }

    // Handles every line the last receive brought before the loop waits again; the replies and
    // relayed messages they cause leave together (WriteBatch).
    // A reading thread that can be taken over passes its turn; a loop on the pool passes null.
    private ReadStep HandleBufferedLines(WriteBatch batch, ReaderTurn? turn)
    {
        var takenOver = false;
        using (batch.Enter())
        {
            var lines = 0;
            while (!IsClosed && _reader.TryReadLine(out var line))
            {
                Volatile.Write(ref _lastReceived, Environment.TickCount64);
                if (!Dispatch(line.Span, turn))
                {
                    takenOver = true;
                    break;
                }

                if (++lines == MaxLinesPerBatch)
                {
                    batch.Flush();
                    lines = 0;
                }
            }
        }

        batch.Flush();
        return takenOver ? ReadStep.TakenOver : IsClosed ? ReadStep.Closed : ReadStep.More;
    }

    private bool IsEndOfReading(Exception ex) =>
        ex is FrameTooLargeException or DecoderFallbackException or IOException or ObjectDisposedException
        || (ex is OperationCanceledException && _closing.IsCancellationRequested);

    // Says why the stream cannot be read on (when the peer can still be told) and returns the
    // failure to report, or null for a close this side asked for.
    private Exception? OnEndOfReading(Exception ex)
    {
        switch (ex)
        {
            case FrameTooLargeException:
                // The rest of the stream cannot be re-synchronised reliably: say why, then close.
                ReplyError(RpcId.Null, new RpcError(RpcErrorCodes.LimitExceeded, ex.Message));
                return ex;
            case DecoderFallbackException:
                ReplyError(RpcId.Null, new RpcError(RpcErrorCodes.ParseError, "The message is not valid UTF-8."));
                return ex;
            case OperationCanceledException:
                return null;
            default:
                return IsClosed ? null : ex;
        }
    }

    private void EndReading(WriteBatch batch, Exception? failure)
    {
        // What the last lines caused (and an error reply from above) goes out before the close.
        batch.Flush();
        if (failure is not null)
        {
            ConnectionLog.Closed(_log, DisplayName, failure.Message);
        }

        Close(failure);
    }

    // False when the handler held this thread so long that another one reads on now.
    private bool Dispatch(ReadOnlySpan<byte> line, ReaderTurn? turn)
    {
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            throw new DecoderFallbackException("The message is not valid UTF-8.");
        }

        if (line.TrimStart(" \t\r"u8) is [(byte)'[', ..])
        {
            // Not guarded: its elements are read from the line, which a new reader would overwrite.
            DispatchBatch(line);
            return true;
        }

        JsonRpcMessage message;
        try
        {
            message = JsonRpcFormatter.Parse(line, Options.MaxJsonDepth);
        }
        catch (JsonRpcFormatException ex)
        {
            ConnectionLog.BadMessage(_log, DisplayName, ex.Message);
            ReplyError(ex.Id, new RpcError(ex.Code, ex.Message));
            return true;
        }

        if (message.IsResponse)
        {
            return turn is not null && Options.ResumeCallersOnReader && _resumeGate.IsOpen
                ? ResumeCallerHere(message, turn)
                : CompletePendingAndGoOn(message);
        }

        if (turn is null)
        {
            _ = RunHandlerAsync(message);
            return true;
        }

        // The message holds copies of what it needs from the line: a new reader may reuse the buffer.
        // RunHandlerAsync never throws: its failures end in the task.
        EnterGuardedHandler(turn);
        _ = RunHandlerAsync(message);
        return ExitGuardedHandler(turn);
    }

    private bool CompletePendingAndGoOn(JsonRpcMessage reply)
    {
        CompletePending(reply);
        return true;
    }

    // The caller awaiting this reply resumes right here, guarded like a handler: if it runs past
    // ReaderTakeoverAfter, a new thread reads on. False when that happened.
    private bool ResumeCallerHere(JsonRpcMessage reply, ReaderTurn turn)
    {
        EnterGuardedHandler(turn);
        AllowReaderTakeover();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _resumingOnReader = true;
        try
        {
            CompletePending(reply);
        }
        finally
        {
            _resumingOnReader = false;
        }

        if (_resumeGate.Record(System.Diagnostics.Stopwatch.GetTimestamp() - started))
        {
            ConnectionLog.CallersResumeOnPool(_log, DisplayName, ResumeGate.MaxStrikes);
        }

        return ExitGuardedHandler(turn);
    }

    private async Task RunHandlerAsync(JsonRpcMessage message)
    {
        try
        {
            if (RequestHandler is not { } handler)
            {
                throw new RpcException(RpcErrorCodes.MethodNotFound, $"Method not found: {message.Method}");
            }

            await handler(this, message).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            if (message.IsRequest)
            {
                ReplyError(message.Id, ex.ToError());
            }

            if (ReplyErrorThenClose)
            {
                Close();
            }
        }
        catch (Exception ex)
        {
            ConnectionLog.HandlerFailed(_log, ex, message.Method, DisplayName);
            if (message.IsRequest)
            {
                // The log above has the whole exception; the peer gets its message without local paths.
                ReplyError(message.Id, new RpcError(RpcErrorCodes.InternalError, "Internal error: " + ErrorText.Describe(ex)));
            }
        }
    }
}
