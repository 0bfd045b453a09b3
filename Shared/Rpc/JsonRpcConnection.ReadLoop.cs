using System.Text;
using SimpleRpc.Framing;
using SimpleRpc.Protocol;
using SimpleRpc.Serialization;

namespace SimpleRpc.Rpc;

public sealed partial class JsonRpcConnection
{
    // Lines handled before the batch's writes go out even if more are buffered, so a peer that
    // sends fast still sees replies at a steady pace.
    private const int MaxLinesPerBatch = 64;

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        var batch = new WriteBatch();
        try
        {
            while (!IsClosed)
            {
                // Every line this receive brought is handled before the loop waits again; the
                // replies and relayed messages they cause leave together (WriteBatch).
                using (batch.Enter())
                {
                    var lines = 0;
                    while (!IsClosed && _reader.TryReadLine(out var line))
                    {
                        Volatile.Write(ref _lastReceived, Environment.TickCount64);
                        Dispatch(line.Span);
                        if (++lines == MaxLinesPerBatch)
                        {
                            batch.Flush();
                            lines = 0;
                        }
                    }
                }

                batch.Flush();
                if (IsClosed || !await _reader.FillAsync(_closing.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (FrameTooLargeException ex)
        {
            // The rest of the stream cannot be re-synchronised reliably: say why, then close.
            ReplyError(RpcId.Null, new RpcError(RpcErrorCodes.LimitExceeded, ex.Message));
            failure = ex;
        }
        catch (DecoderFallbackException ex)
        {
            ReplyError(RpcId.Null, new RpcError(RpcErrorCodes.ParseError, "The message is not valid UTF-8."));
            failure = ex;
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            failure = IsClosed ? null : ex;
        }

        // What the last lines caused (and an error reply from above) goes out before the close.
        batch.Flush();
        if (failure is not null)
        {
            _log.Warning("Connection {Peer} closed: {Reason}", DisplayName, failure.Message);
        }

        Close(failure);
    }

    private void Dispatch(ReadOnlySpan<byte> line)
    {
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            throw new DecoderFallbackException("The message is not valid UTF-8.");
        }

        JsonRpcMessage message;
        try
        {
            message = JsonRpcFormatter.Parse(line, Options.MaxJsonDepth);
        }
        catch (JsonRpcFormatException ex)
        {
            _log.Debug("Bad message from {Peer}: {Reason}", DisplayName, ex.Message);
            ReplyError(ex.Id, new RpcError(ex.Code, ex.Message));
            return;
        }

        if (message.IsResponse)
        {
            CompletePending(message);
            return;
        }

        _ = RunHandlerAsync(message);
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
            _log.Error(ex, "Handling {Method} from {Peer} failed", message.Method, DisplayName);
            if (message.IsRequest)
            {
                ReplyError(message.Id, new RpcError(RpcErrorCodes.InternalError, "Internal error: " + ex.Message));
            }
        }
    }
}
