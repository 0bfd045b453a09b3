namespace SimpleRpc.Protocol.Messages;

/// <summary>The params of <c>$/cancelRequest</c>: the id of the request to cancel (a number or a string).</summary>
public sealed record CancelRequest(object? Id)
{
    /// <summary>The id as an <see cref="RpcId"/>; <see cref="RpcId.None"/> when it is neither a number nor a string.</summary>
    public RpcId ToRpcId() => Id switch
    {
        long number => RpcId.From(number),
        string text => RpcId.From(text),
        _ => RpcId.None,
    };
}
