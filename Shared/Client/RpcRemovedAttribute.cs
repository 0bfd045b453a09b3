namespace SimpleRpc.Client;

/// <summary>
/// Marks a proxy function that the module no longer has: the server keeps declaring a function a
/// recent version removed (or whose parameters changed), so that an app that still calls it builds
/// with the warning SRPC0011 instead of failing to compile. A call to it fails at run time with
/// <c>-32012</c> (module changed) or <c>-32601</c> (method not found).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RpcRemovedAttribute : Attribute
{
    /// <summary>Marks a function removed in version <paramref name="version"/> of its module.</summary>
    public RpcRemovedAttribute(int version) => Version = version;

    /// <summary>The first version of the module without the function.</summary>
    public int Version { get; }
}
