using System.Globalization;
using System.Text;
using System.Text.Json;
using Newtonsoft.Json;
using SimpleRpc.Protocol;

namespace SimpleRpc.Serialization;

/// <summary>
/// Reads and writes JSON-RPC 2.0 envelopes. <c>params</c> and <c>result</c> are cut out of the
/// line as raw text rather than parsed into a tree: a relay never pays for a value it passes on.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static partial class JsonRpcFormatter
{
    /// <summary>Parses one message from <paramref name="line"/> (a single line of JSON).</summary>
    /// <exception cref="JsonRpcFormatException">Not JSON (-32700) or not a JSON-RPC 2.0 message (-32600).</exception>
    public static JsonRpcMessage Parse(string line) => Parse(line, RpcJson.MaxDepth);

    /// <summary>Parses one message, refusing JSON nested deeper than <paramref name="maxDepth"/> anywhere in it.</summary>
    /// <exception cref="JsonRpcFormatException">Not JSON or too deep (-32700), or not a JSON-RPC 2.0 message (-32600).</exception>
    public static JsonRpcMessage Parse(string line, int maxDepth) => Parse(Encoding.UTF8.GetBytes(line), maxDepth);

    /// <summary>Parses one message from its UTF-8 bytes (one line, without the newline).</summary>
    /// <exception cref="JsonRpcFormatException">Not JSON or too deep (-32700), or not a JSON-RPC 2.0 message (-32600).</exception>
    public static JsonRpcMessage Parse(ReadOnlySpan<byte> utf8, int maxDepth) =>
        ReadEnvelope(utf8, maxDepth).ToMessage();

    // Reads the envelope's members without building a tree: params, result and error data are
    // kept as the exact text they were sent as. A parse error carries the id if it came before.
    private static Envelope ReadEnvelope(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var envelope = new Envelope();
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "Empty message.");
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "A batch is an array of messages; this reader takes one message.");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "A JSON-RPC message must be a JSON object.");
            }

            ReadMembers(ref reader, utf8, ref envelope);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new JsonRpcFormatException(RpcErrorCodes.ParseError, ParseErrorMessage(ex, utf8, reader.CurrentDepth, maxDepth), envelope.Id, ex);
        }

        if (!utf8[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new JsonRpcFormatException(RpcErrorCodes.ParseError, "Unexpected content after the JSON object.", envelope.Id);
        }

        return envelope;
    }

    /// <summary>The -32700 message for a line the JSON reader refused: what a sender can act on.</summary>
    internal static string ParseErrorMessage(System.Text.Json.JsonException ex, ReadOnlySpan<byte> utf8, int depth, int maxDepth)
    {
        var at = (int)Math.Min(ex.BytePositionInLine ?? 0, utf8.Length);
        if (depth >= maxDepth - 1 && at < utf8.Length && utf8[at] is (byte)'[' or (byte)'{')
        {
            return $"Parse error: the message is nested deeper than {maxDepth} levels (maxJsonDepth).";
        }

        return EndsInsideValue(utf8, maxDepth) ? "Parse error: the message ends before its closing brace." : "Parse error: " + ex.Message;
    }

    // True when the text is valid so far but stops inside an object or array.
    private static bool EndsInsideValue(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = maxDepth }));
        try
        {
            while (reader.Read())
            {
            }

            return reader.CurrentDepth > 0 || reader.TokenType is JsonTokenType.PropertyName;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static void ReadMembers(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, ref Envelope envelope)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("jsonrpc"u8))
            {
                reader.Read();
                envelope.Version = reader.TokenType != JsonTokenType.String ? null : reader.ValueTextEquals("2.0"u8) ? Envelope.Version2 : reader.GetString();
                reader.Skip();
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                envelope.Id = ReadId(ref reader, ref envelope);
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                envelope.MethodInvalid = reader.TokenType != JsonTokenType.String;
                envelope.Method = envelope.MethodInvalid ? null : MethodNames.Get(ref reader);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                envelope.Params = ReadRawUtf8(ref reader, utf8, out var kind);
                envelope.ParamsStructured = kind is JsonTokenType.StartArray or JsonTokenType.StartObject;
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                envelope.Result = ReadRawUtf8(ref reader, utf8, out _);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                envelope.Error = ReadError(ref reader, utf8, ref envelope);
            }
            else if (reader.ValueTextEquals(JsonRpcMessage.TimeoutMember))
            {
                envelope.TimeoutMs = ReadPositiveInt(ref reader, JsonRpcMessage.TimeoutMember, ref envelope);
            }
            else if (reader.ValueTextEquals(JsonRpcMessage.ModuleVersionMember))
            {
                envelope.ModuleVersion = ReadPositiveInt(ref reader, JsonRpcMessage.ModuleVersionMember, ref envelope);
            }
            else if (reader.ValueTextEquals(JsonRpcMessage.TraceParentMember))
            {
                envelope.TraceParent = ReadTraceMember(ref reader);
            }
            else if (reader.ValueTextEquals(JsonRpcMessage.TraceStateMember))
            {
                envelope.TraceState = ReadTraceMember(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    // SimpleRpc's two extension members are optional; a plain JSON-RPC client never sends them.
    // The error is raised once the whole object is read, so it carries the request's id even
    // when the id comes after this member.
    private static int? ReadPositiveInt(ref Utf8JsonReader reader, string name, ref Envelope envelope)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value) || value < 0)
        {
            reader.Skip();
            envelope.InvalidMember ??= $"{name} must be a non-negative integer.";
            return null;
        }

        return value;
    }

    // Trace context is advisory (W3C: a receiver ignores what it cannot use): a value that is
    // not a string or is longer than tracestate's 512 characters is dropped, never an error.
    private static string? ReadTraceMember(ref Utf8JsonReader reader)
    {
        reader.Read();
        var value = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= 512 ? reader.GetString() : null;
        reader.Skip();
        return value;
    }

    private static RpcId ReadId(ref Utf8JsonReader reader, ref Envelope envelope)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                return RpcId.From(number);
            case JsonTokenType.String:
                return RpcId.From(reader.GetString()!);
            case JsonTokenType.Null:
                return RpcId.Null;
            default:
                // Valid JSON where the id cannot be: a fraction, a number beyond a long, an object.
                reader.Skip();
                envelope.InvalidMember ??= "The id must be a string, an integer or null.";
                return envelope.Id;
        }
    }

    // The value's exact bytes, from its first token to the end of its last one.
    private static string ReadRaw(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, out JsonTokenType kind) =>
        Encoding.UTF8.GetString(ReadRawSpan(ref reader, utf8, out kind));

    // The same as a copy of its bytes: what a relay passes on without decoding it.
    private static byte[] ReadRawUtf8(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, out JsonTokenType kind) =>
        ReadRawSpan(ref reader, utf8, out kind).ToArray();

    private static ReadOnlySpan<byte> ReadRawSpan(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, out JsonTokenType kind)
    {
        reader.Read();
        kind = reader.TokenType;
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return utf8[start..(int)reader.BytesConsumed];
    }

    private static RpcError? ReadError(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, ref Envelope envelope)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            envelope.InvalidMember ??= "The error member must be an object.";
            return null;
        }

        var code = RpcErrorCodes.InternalError;
        var message = string.Empty;
        string? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out code))
                {
                    envelope.InvalidMember ??= "The error code must be an integer.";
                }

                reader.Skip();
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message = reader.TokenType == JsonTokenType.String ? reader.GetString()! : string.Empty;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                data = ReadRaw(ref reader, utf8, out _);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new RpcError(code, message, data);
    }
}
