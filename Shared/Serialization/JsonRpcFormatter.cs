using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using SimpleRpc.Protocol;

namespace SimpleRpc.Serialization;

/// <summary>
/// Reads and writes JSON-RPC 2.0 envelopes. <c>params</c> and <c>result</c> are cut out of the
/// line as raw text rather than parsed into a tree: a relay never pays for a value it passes on.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class JsonRpcFormatter
{
    /// <summary>Parses one message from <paramref name="line"/> (a single line of JSON).</summary>
    /// <exception cref="JsonRpcFormatException">Not JSON (-32700) or not a JSON-RPC 2.0 message (-32600).</exception>
    public static JsonRpcMessage Parse(string line) => Parse(line, RpcJson.MaxDepth);

    /// <summary>Parses one message, refusing JSON nested deeper than <paramref name="maxDepth"/> anywhere in it.</summary>
    /// <exception cref="JsonRpcFormatException">Not JSON or too deep (-32700), or not a JSON-RPC 2.0 message (-32600).</exception>
    public static JsonRpcMessage Parse(string line, int maxDepth)
    {
        // A lone \r is JSON whitespace, but the reader counts it as a line break and restarts
        // LinePosition, which ReadRaw relies on (Parse_LoneCarriageReturnBeforeParams_KeepsParamsExact).
        // Inside a string a raw \r is invalid JSON anyway.
        line = line.Replace('\r', ' ');
        var reader = new JsonTextReader(new StringReader(line))
        {
            MaxDepth = maxDepth,
            DateParseHandling = DateParseHandling.None,
            // Numbers are only skipped here (raw text is kept), so read them as double: decimal
            // rejects valid JSON such as 1e30 (Parse_Params_KeepsRawTextExactly).
            FloatParseHandling = FloatParseHandling.Double,
        };
        var envelope = new Envelope();
        try
        {
            if (!reader.Read())
            {
                throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "Empty message.");
            }

            if (reader.TokenType == JsonToken.StartArray)
            {
                throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "Batch requests are not supported; send one message per line.");
            }

            if (reader.TokenType != JsonToken.StartObject)
            {
                throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "A JSON-RPC message must be a JSON object.");
            }

            ReadMembers(reader, line, envelope);
            if (reader.TokenType != JsonToken.EndObject || reader.Depth != 0)
            {
                // The reader returns false at the end of the text even inside an object.
                throw new JsonRpcFormatException(RpcErrorCodes.ParseError, "Parse error: the message ends before its closing brace.", envelope.Id);
            }

            if (reader.Read())
            {
                throw new JsonRpcFormatException(RpcErrorCodes.ParseError, "Unexpected content after the JSON object.");
            }
        }
        catch (JsonException ex)
        {
            throw new JsonRpcFormatException(RpcErrorCodes.ParseError, "Parse error: " + ex.Message, envelope.Id, ex);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            // Valid JSON where the envelope needs an integer that fits: an id beyond a long, an
            // error code that is a string or beyond an int (Parse_NotAJsonRpcMessage_ThrowsInvalidRequest).
            throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "Invalid request: " + ex.Message, envelope.Id, ex);
        }

        return envelope.ToMessage();
    }

    private static void ReadMembers(JsonTextReader reader, string line, Envelope envelope)
    {
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            var name = (string)reader.Value!;
            switch (name)
            {
                case "jsonrpc":
                    reader.Read();
                    envelope.Version = reader.Value as string;
                    reader.Skip();
                    break;
                case "id":
                    envelope.Id = ReadId(reader);
                    break;
                case "method":
                    reader.Read();
                    envelope.Method = reader.TokenType == JsonToken.String ? (string)reader.Value! : null;
                    envelope.MethodInvalid = reader.TokenType != JsonToken.String;
                    reader.Skip();
                    break;
                case "params":
                    envelope.Params = ReadRaw(reader, line, out envelope.ParamsKind);
                    break;
                case "result":
                    envelope.Result = ReadRaw(reader, line, out _);
                    break;
                case "error":
                    envelope.Error = ReadError(reader, line);
                    break;
                case JsonRpcMessage.TimeoutMember:
                    envelope.TimeoutMs = ReadPositiveInt(reader, name, envelope);
                    break;
                case JsonRpcMessage.ModuleVersionMember:
                    envelope.ModuleVersion = ReadPositiveInt(reader, name, envelope);
                    break;
                default:
                    reader.Read();
                    reader.Skip();
                    break;
            }
        }
    }

    // SimpleRpc's two extension members are optional; a plain JSON-RPC client never sends them.
    // The error is raised once the whole object is read, so it carries the request's id even
    // when the id comes after this member.
    private static int? ReadPositiveInt(JsonTextReader reader, string name, Envelope envelope)
    {
        reader.Read();
        if (reader.TokenType != JsonToken.Integer || reader.Value is not long value || value < 0 || value > int.MaxValue)
        {
            reader.Skip();
            envelope.InvalidMember ??= $"{name} must be a non-negative integer.";
            return null;
        }

        return (int)value;
    }

    private static RpcId ReadId(JsonTextReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonToken.Integer => RpcId.From(Convert.ToInt64(reader.Value, CultureInfo.InvariantCulture)),
            JsonToken.String => RpcId.From((string)reader.Value!),
            JsonToken.Null => RpcId.Null,
            _ => throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "The id must be a string, an integer or null."),
        };
    }

    // The frame is one line, so the reader's LinePosition is a character offset into it: the
    // raw value is the substring between the position before and after the value.
    private static string ReadRaw(JsonTextReader reader, string line, out JsonToken kind)
    {
        var start = reader.LinePosition;
        reader.Read();
        kind = reader.TokenType;
        reader.Skip();
        var end = reader.LinePosition;
        return line[start..end].Trim().TrimStart(':').Trim();
    }

    private static RpcError ReadError(JsonTextReader reader, string line)
    {
        reader.Read();
        if (reader.TokenType != JsonToken.StartObject)
        {
            throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "The error member must be an object.");
        }

        int code = RpcErrorCodes.InternalError;
        string message = string.Empty;
        string? data = null;
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            switch ((string)reader.Value!)
            {
                case "code":
                    reader.Read();
                    code = Convert.ToInt32(reader.Value, CultureInfo.InvariantCulture);
                    break;
                case "message":
                    reader.Read();
                    message = reader.Value as string ?? string.Empty;
                    break;
                case "data":
                    data = ReadRaw(reader, line, out _);
                    break;
                default:
                    reader.Read();
                    reader.Skip();
                    break;
            }
        }

        return new RpcError(code, message, data);
    }

    /// <summary>Writes <paramref name="message"/> as compact JSON, without the trailing newline.</summary>
    public static void Write(JsonRpcMessage message, StringBuilder output)
    {
        output.Append("{\"jsonrpc\":\"2.0\"");
        if (message.Id.IsPresent)
        {
            output.Append(",\"id\":");
            AppendId(message.Id, output);
        }

        if (message.Method is not null)
        {
            output.Append(",\"method\":").Append(JsonConvert.ToString(message.Method));
            if (message.ParamsJson is not null)
            {
                output.Append(",\"params\":").Append(message.ParamsJson);
            }

            if (message.ModuleVersion is { } moduleVersion)
            {
                output.Append(",\"" + JsonRpcMessage.ModuleVersionMember + "\":").Append(moduleVersion.ToString(CultureInfo.InvariantCulture));
            }

            if (message.TimeoutMs is { } timeoutMs)
            {
                output.Append(",\"" + JsonRpcMessage.TimeoutMember + "\":").Append(timeoutMs.ToString(CultureInfo.InvariantCulture));
            }
        }
        else if (message.Error is { } error)
        {
            output.Append(",\"error\":{\"code\":").Append(error.Code.ToString(CultureInfo.InvariantCulture))
                .Append(",\"message\":").Append(JsonConvert.ToString(error.Message));
            if (error.DataJson is not null)
            {
                output.Append(",\"data\":").Append(error.DataJson);
            }

            output.Append('}');
        }
        else
        {
            output.Append(",\"result\":").Append(message.ResultJson ?? "null");
        }

        output.Append('}');
    }

    /// <summary>Formats <paramref name="message"/> as a string (for tests and logs).</summary>
    public static string Format(JsonRpcMessage message)
    {
        var builder = new StringBuilder(128);
        Write(message, builder);
        return builder.ToString();
    }

    private static void AppendId(RpcId id, StringBuilder output)
    {
        switch (id.Kind)
        {
            case RpcIdKind.Number:
                output.Append(id.Number.ToString(CultureInfo.InvariantCulture));
                break;
            case RpcIdKind.String:
                output.Append(JsonConvert.ToString(id.Text));
                break;
            default:
                output.Append("null");
                break;
        }
    }
}
