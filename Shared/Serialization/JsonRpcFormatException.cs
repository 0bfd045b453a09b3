using SimpleRpc.Protocol;

namespace SimpleRpc.Serialization;

/// <summary>
/// A line that is not a valid JSON-RPC 2.0 message. <see cref="Code"/> is
/// <see cref="RpcErrorCodes.ParseError"/> or <see cref="RpcErrorCodes.InvalidRequest"/>, and
/// <see cref="Id"/> is the request's id when it could be read.
/// </summary>
public sealed class JsonRpcFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JsonRpcFormatException(int code, string message, RpcId id = default, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Id = id;
    }

    /// <summary>The JSON-RPC error code to answer with.</summary>
    public int Code { get; }

    /// <summary>The id of the offending request, if it could be read.</summary>
    public RpcId Id { get; }
}
