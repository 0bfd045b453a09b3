using System.Text;
using SimpleRpc.Framing;
using SimpleRpc.Protocol;
using SimpleRpc.Serialization;

namespace SimpleRpc.Rpc;

public sealed partial class JsonRpcConnection
{
    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (!IsClosed)
            {
                var line = await _reader.ReadLineAsync(_closing.Token).ConfigureAwait(false);
                if (line is null)
                {
                    break;
                }

                Volatile.Write(ref _lastReceived, Environment.TickCount64);
                Dispatch(line);
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

        if (failure is not null)
        {
            _log.Warning("Connection {Peer} closed: {Reason}", DisplayName, failure.Message);
        }

        Close(failure);
    }

    private void Dispatch(string line)
    {
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
                // The log above has the whole exception; the peer gets its message without local paths.
                ReplyError(message.Id, new RpcError(RpcErrorCodes.InternalError, "Internal error: " + ErrorText.Describe(ex)));
            }
        }
    }
}
