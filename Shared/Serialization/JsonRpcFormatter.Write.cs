using System.Text;
using SimpleRpc.Framing;
using SimpleRpc.Protocol;

namespace SimpleRpc.Serialization;

public static partial class JsonRpcFormatter
{
    /// <summary>Formats <paramref name="message"/> as compact JSON (for tests and logs).</summary>
    public static string Format(JsonRpcMessage message)
    {
        var frame = new FrameBuilder(256);
        try
        {
            Write(message, ref frame);
            return Encoding.UTF8.GetString(frame.Written);
        }
        finally
        {
            frame.Dispose();
        }
    }

    /// <summary>
    /// Writes <paramref name="message"/> as compact UTF-8 JSON, without the trailing newline.
    /// <c>params</c> and <c>result</c> received from a peer are copied as the bytes they came as.
    /// </summary>
    internal static void Write(JsonRpcMessage message, ref FrameBuilder output)
    {
        output.Append("{\"jsonrpc\":\"2.0\""u8);
        if (message.Id.IsPresent)
        {
            output.Append(",\"id\":"u8);
            WriteId(message.Id, ref output);
        }

        if (message.Method is not null)
        {
            output.Append(",\"method\":"u8);
            output.AppendJsonString(message.Method);
            if (!message.ParamsUtf8.IsEmpty)
            {
                output.Append(",\"params\":"u8);
                output.Append(message.ParamsUtf8.Span);
            }
            else if (message.ParamsJson is { } paramsJson)
            {
                output.Append(",\"params\":"u8);
                output.AppendText(paramsJson);
            }

            WriteExtensions(message, ref output);
        }
        else if (message.Error is { } error)
        {
            output.Append(",\"error\":{\"code\":"u8);
            output.Append(error.Code);
            output.Append(",\"message\":"u8);
            output.AppendJsonString(error.Message);
            if (error.DataJson is not null)
            {
                output.Append(",\"data\":"u8);
                output.AppendText(error.DataJson);
            }

            output.Append((byte)'}');
        }
        else
        {
            output.Append(",\"result\":"u8);
            if (!message.ResultUtf8.IsEmpty)
            {
                output.Append(message.ResultUtf8.Span);
            }
            else
            {
                output.AppendText(message.ResultJson ?? "null");
            }
        }

        output.Append((byte)'}');
    }

    // SimpleRpc's optional members of a request (docs/protocol.md).
    private static void WriteExtensions(JsonRpcMessage message, ref FrameBuilder output)
    {
        if (message.ModuleVersion is { } moduleVersion)
        {
            output.Append(",\"moduleVersion\":"u8);
            output.Append(moduleVersion);
        }

        if (message.TimeoutMs is { } timeoutMs)
        {
            output.Append(",\"timeoutMs\":"u8);
            output.Append(timeoutMs);
        }

        if (message.TraceParent is not null)
        {
            output.Append(",\"traceparent\":"u8);
            output.AppendJsonString(message.TraceParent);
            if (message.TraceState is not null)
            {
                output.Append(",\"tracestate\":"u8);
                output.AppendJsonString(message.TraceState);
            }
        }
    }

    private static void WriteId(RpcId id, ref FrameBuilder output)
    {
        switch (id.Kind)
        {
            case RpcIdKind.Number:
                output.Append(id.Number);
                break;
            case RpcIdKind.String:
                output.AppendJsonString(id.Text!);
                break;
            default:
                output.Append("null"u8);
                break;
        }
    }
}
