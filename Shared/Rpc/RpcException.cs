using SimpleRpc.Protocol;

namespace SimpleRpc.Rpc;

/// <summary>A JSON-RPC error reply, raised in the caller.</summary>
public class RpcException : Exception
{
    /// <summary>Creates the exception from an error code, message and raw <c>data</c>.</summary>
    public RpcException(int code, string message, string? dataJson = null)
        : this(code, message, dataJson, null)
    {
    }

    /// <summary>Creates the exception from an error code, message, raw <c>data</c> and the exception that caused it.</summary>
    public RpcException(int code, string message, string? dataJson, Exception? innerException)
        : base(message, innerException)
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

    /// <summary>
    /// The refusal of a request whose id another request still in flight on the same connection
    /// uses: two replies with one id could not be told apart, and a cancel would reach the wrong
    /// call, so the second request never runs.
    /// </summary>
    public static RpcException DuplicateRequestId(RpcId id) =>
        new(RpcErrorCodes.InvalidRequest, $"Invalid request: the id {id} is already used by another request in flight on this connection; this one was not run.");

    /// <summary>Turns an error reply into the matching exception type.</summary>
    /// <remarks>
    /// A module's exception (<see cref="RpcErrorCodes.ModuleThrew"/>) becomes a
    /// <see cref="RemoteInvocationException"/> whose <see cref="Exception.InnerException"/> chain
    /// is the remote one (<see cref="RemoteErrorData.Inner"/>), each link built the way
    /// <see cref="RemoteExceptions"/> builds the outer one.
    /// </remarks>
    public static RpcException FromError(RpcError error)
    {
        if (error.Code == RpcErrorCodes.ModuleThrew)
        {
            return RemoteExceptions.Remote(error.Message, ReadRemoteData(error), error.DataJson, null);
        }

        return new RpcException(error.Code, error.Message, error.DataJson);
    }

    /// <summary>The <see cref="RemoteErrorData"/> of a module's error, or null when it has none or it is malformed.</summary>
    internal static RemoteErrorData? ReadRemoteData(RpcError error)
    {
        try
        {
            return error.ReadData<RemoteErrorData>();
        }
        catch (Newtonsoft.Json.JsonException)
        {
            // A peer that sends malformed data still gets its message through.
            return null;
        }
    }
}
