namespace SimpleRpc.Proxy.Generator;

/// <summary>
/// The names given to <see cref="ProxyGenerator"/>'s pipeline stages with
/// <c>WithTrackingName</c>, so tests can find each stage's steps and check they are cached.
/// </summary>
public static class TrackingNames
{
    /// <summary>Classes marked with <c>[RpcModule]</c>, turned into models (or null when unsupported).</summary>
    public const string Extract = "SimpleRpc.Proxy.Extract";

    /// <summary>The models of the classes the generator can implement.</summary>
    public const string Supported = "SimpleRpc.Proxy.Supported";
}
