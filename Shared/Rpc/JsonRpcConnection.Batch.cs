using System.Collections.Concurrent;
using System.Text.Json;
using SimpleRpc.Framing;
using SimpleRpc.Protocol;
using SimpleRpc.Serialization;

namespace SimpleRpc.Rpc;

public sealed partial class JsonRpcConnection
{
    // Replies that belong to a batch, by the id of their request: Send hands them to the batch
    // instead of the wire, and the batch goes out as one array once every reply is in.
    private readonly ConcurrentDictionary<RpcId, BatchReplies> _batchRoutes = new();
    private int _batchRouteCount;

    // JSON-RPC 2.0 section 6: an array of requests gets an array of the responses (notifications
    // get none, and an all-notification batch no reply at all); an empty array gets one -32600;
    // an element that is not a valid request gets its own -32600 in place; malformed JSON -32700.
    // The elements run concurrently, each through the same handler and limits as a lone message.
    private void DispatchBatch(ReadOnlySpan<byte> line)
    {
        List<Range> elements;
        try
        {
            elements = SplitBatch(line, Options.MaxJsonDepth);
        }
        catch (JsonException ex)
        {
            ReplyError(RpcId.Null, new RpcError(RpcErrorCodes.ParseError, JsonRpcFormatter.ParseErrorMessage(ex, line, 0, Options.MaxJsonDepth)));
            return;
        }

        if (elements.Count == 0)
        {
            ReplyError(RpcId.Null, new RpcError(RpcErrorCodes.InvalidRequest, "Invalid request: the batch is empty."));
            return;
        }

        var replies = new BatchReplies(this, elements.Count);
        var toRun = new List<JsonRpcMessage>(elements.Count);
        for (var slot = 0; slot < elements.Count; slot++)
        {
            JsonRpcMessage message;
            try
            {
                message = JsonRpcFormatter.Parse(line[elements[slot]], Options.MaxJsonDepth);
            }
            catch (JsonRpcFormatException ex)
            {
                replies.AddOwn(slot, JsonRpcMessage.Failure(ex.Id, new RpcError(ex.Code, ex.Message)));
                continue;
            }

            if (message.IsResponse)
            {
                CompletePending(message);
                continue;
            }

            if (message.IsRequest && !RouteToBatch(message.Id, replies, slot))
            {
                // Two requests with one id could not be told apart in the replies: the second never runs.
                replies.AddOwn(slot, JsonRpcMessage.Failure(message.Id, RpcException.DuplicateRequestId(message.Id).ToError()));
                continue;
            }

            toRun.Add(message);
        }

        foreach (var message in toRun)
        {
            _ = RunHandlerAsync(message);
        }

        replies.Seal();
    }

    private bool RouteToBatch(RpcId id, BatchReplies replies, int slot)
    {
        if (!_batchRoutes.TryAdd(id, replies))
        {
            return false;
        }

        Interlocked.Increment(ref _batchRouteCount);
        replies.Expect(id, slot);
        return true;
    }

    // A reply to a batch's request joins its batch; true when it did.
    private bool TryRouteToBatch(JsonRpcMessage message)
    {
        if (Volatile.Read(ref _batchRouteCount) == 0 || !message.IsResponse || !_batchRoutes.TryRemove(message.Id, out var replies))
        {
            return false;
        }

        Interlocked.Decrement(ref _batchRouteCount);
        replies.Add(message);
        return true;
    }

    // The elements of a JSON array, as ranges of the line; throws on malformed JSON.
    private static List<Range> SplitBatch(ReadOnlySpan<byte> line, int maxDepth)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = maxDepth });
        reader.Read();
        var elements = new List<Range>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            elements.Add(start..(int)reader.BytesConsumed);
        }

        if (!line[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new JsonException("Unexpected content after the batch's closing bracket.");
        }

        return elements;
    }

    private void SendBatch(JsonRpcMessage?[] replies)
    {
        var frame = new FrameBuilder(64 * replies.Length);
        frame.Append((byte)'[');
        foreach (var reply in replies)
        {
            if (reply is null)
            {
                continue;
            }

            if (frame.Length > 1)
            {
                frame.Append((byte)',');
            }

            JsonRpcFormatter.Write(reply, ref frame);
        }

        frame.Append((byte)']');
        if (frame.Length > Options.MaxFrameBytes)
        {
            frame.Dispose();
            ReplyError(RpcId.Null, new RpcError(RpcErrorCodes.LimitExceeded, $"The batch's replies are larger than the frame limit of {Options.MaxFrameBytes} bytes (maxFrameBytes); send fewer calls per batch."));
            return;
        }

        _writer.Enqueue(ref frame, yieldFirst: false);
    }

    /// <summary>
    /// Collects one batch's replies in the order of its elements (a notification's slot stays
    /// empty) and sends them as one array when the last is in.
    /// </summary>
    private sealed class BatchReplies(JsonRpcConnection connection, int elements)
    {
        private readonly JsonRpcMessage?[] _slots = new JsonRpcMessage?[elements];
        private readonly Dictionary<RpcId, int> _slotOf = [];
        private int _expected;
        private int _received;
        private bool _sealed;

        public void Expect(RpcId id, int slot)
        {
            lock (_slots)
            {
                _slotOf[id] = slot;
                _expected++;
            }
        }

        // A reply the connection made itself (an invalid element): expected and in at once.
        public void AddOwn(int slot, JsonRpcMessage reply)
        {
            lock (_slots)
            {
                _slots[slot] = reply;
                _expected++;
                _received++;
            }
        }

        public void Add(JsonRpcMessage reply)
        {
            lock (_slots)
            {
                _slots[_slotOf[reply.Id]] = reply;
                if (++_received < _expected || !_sealed)
                {
                    return;
                }
            }

            connection.SendBatch(_slots);
        }

        // Every element is accounted for: from now on the last reply sends the batch.
        public void Seal()
        {
            lock (_slots)
            {
                _sealed = true;
                if (_expected == 0 || _received < _expected)
                {
                    return;
                }
            }

            connection.SendBatch(_slots);
        }
    }
}
