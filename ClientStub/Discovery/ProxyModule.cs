namespace SimpleRpc.ClientStub.Discovery;

/// <summary>
/// A module as its proxy file declares it: the <c>[RpcModule]</c> attribute's name, version and
/// checksum, the proxy class, its functions in declaration order and its nested data types.
/// Immutable.
/// </summary>
/// <param name="Name">The module's name, e.g. <c>geometry</c>.</param>
/// <param name="Version">The module's version on the server when the proxy was written.</param>
/// <param name="Checksum">The SHA-256 of the module's source, as the attribute states it.</param>
/// <param name="ClassName">The proxy class, e.g. <c>Geometry</c>.</param>
/// <param name="Functions">The <c>partial</c> method declarations.</param>
/// <param name="DataTypes">The nested records, classes, structs and enums.</param>
internal sealed record ProxyModule(
    string Name,
    int Version,
    string Checksum,
    string ClassName,
    IReadOnlyList<ProxyFunction> Functions,
    IReadOnlyList<ProxyDataType> DataTypes);
