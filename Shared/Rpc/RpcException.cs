using SimpleRpc.Protocol;

namespace SimpleRpc.Rpc;

/// <summary>A JSON-RPC error reply, raised in the caller.</summary>
public class RpcException : Exception
{
    /// <summary>Creates the exception from an error code, message and raw <c>data</c>.</summary>
    public RpcException(int code, string message, string? dataJson = null)
        : base(message)
    {
        Code = code;
        DataJson = dataJson;
    }

    /// <summary>The error code; see <see cref="RpcErrorCodes"/>.</summary>
    public int Code { get; }

    /// <summary>The raw JSON of the error's <c>data</c>, if any.</summary>
    public string? DataJson { get; }

    /// <summary>The error as it goes on the wire.</summary>
    public RpcError ToError() => new(Code, Message, DataJson);

    /// <summary>Turns an error reply into the matching exception type.</summary>
    public static RpcException FromError(RpcError error)
    {
        if (error.Code == RpcErrorCodes.ModuleThrew)
        {
            RemoteErrorData? data = null;
            try
            {
                data = error.ReadData<RemoteErrorData>();
            }
            catch (Newtonsoft.Json.JsonException)
            {
                // A peer that sends malformed data still gets its message through.
            }

            return new RemoteInvocationException(error.Message, data?.Type ?? "System.Exception", data?.StackTrace, error.DataJson);
        }

        return new RpcException(error.Code, error.Message, error.DataJson);
    }
}
