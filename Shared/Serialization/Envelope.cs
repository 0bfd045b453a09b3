using SimpleRpc.Protocol;

namespace SimpleRpc.Serialization;

/// <summary>The members of a message as they are read, before they are checked (a struct: one per message read, on the stack).</summary>
internal struct Envelope
{
    /// <summary>The one version there is, read without a new string each time.</summary>
    public const string Version2 = "2.0";

    public string? Version;
    public RpcId Id;
    public string? Method;
    public bool MethodInvalid;
    public byte[]? Params;
    public bool ParamsStructured;
    public byte[]? Result;
    public RpcError? Error;
    public int? TimeoutMs;
    public int? ModuleVersion;
    public string? TraceParent;
    public string? TraceState;
    public string? InvalidMember;

    public readonly JsonRpcMessage ToMessage()
    {
        if (Version != "2.0")
        {
            throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "The jsonrpc member must be \"2.0\".", Id);
        }

        if (InvalidMember is not null)
        {
            throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, InvalidMember, Id);
        }

        if (MethodInvalid)
        {
            throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "The method member must be a string.", Id);
        }

        if (Method is not null)
        {
            if (Params is not null && !ParamsStructured)
            {
                throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "params must be an array or an object.", Id);
            }

            return new JsonRpcMessage { Id = Id, Method = Method, ParamsUtf8 = Params, TimeoutMs = TimeoutMs, ModuleVersion = ModuleVersion, TraceParent = TraceParent, TraceState = TraceState };
        }

        if (Result is null && Error is null)
        {
            throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "A message needs a method, a result or an error.", Id);
        }

        if (!Id.IsPresent)
        {
            throw new JsonRpcFormatException(RpcErrorCodes.InvalidRequest, "A response needs an id.");
        }

        return Error is not null ? new JsonRpcMessage { Id = Id, Error = Error } : new JsonRpcMessage { Id = Id, ResultUtf8 = Result };
    }
}
