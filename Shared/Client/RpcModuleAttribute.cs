namespace SimpleRpc.Client;

/// <summary>
/// Marks a headers-only proxy class that the server emitted for a module. The Proxy.Generator
/// finds classes carrying this attribute and writes the bodies of their partial methods.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RpcModuleAttribute : Attribute
{
    /// <summary>Creates the marker for the module <paramref name="name"/>.</summary>
    public RpcModuleAttribute(string name) => Name = name;

    /// <summary>The module's name on the wire: the method of a call is <c>"&lt;Name&gt;.&lt;Function&gt;"</c>.</summary>
    public string Name { get; }

    /// <summary>The version the server gave this module when the proxy was emitted.</summary>
    public int Version { get; set; }

    /// <summary>Lower-case hex SHA-256 of the module's source when the proxy was emitted.</summary>
    public string? Checksum { get; set; }
}
