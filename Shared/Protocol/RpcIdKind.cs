namespace SimpleRpc.Protocol;

/// <summary>The JSON shape of a request id.</summary>
public enum RpcIdKind
{
    /// <summary>No <c>id</c> member: a notification.</summary>
    None,

    /// <summary><c>"id": null</c>.</summary>
    Null,

    /// <summary>An integer id.</summary>
    Number,

    /// <summary>A string id.</summary>
    String,
}
