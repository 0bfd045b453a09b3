namespace SimpleRpc.Client;

/// <summary>
/// One function of a module as a generated proxy knows it: the module, the proxy's version and
/// the function's signature id. Generated code keeps one static instance per function, so a
/// call builds no strings.
/// </summary>
/// <remarks>
/// The signature id tells overloads apart on the wire: <c>Name(type,type)</c>, spelled by the rules
/// of <see cref="SignatureId"/>, one source file that the generator, the server and the stub's
/// discovery link; tests check that they agree for every sample.
/// </remarks>
public sealed class RpcMethod
{
    /// <summary>Describes <paramref name="module"/>.<paramref name="signature"/> at <paramref name="moduleVersion"/>.</summary>
    /// <param name="module">The module's name, e.g. <c>z</c>.</param>
    /// <param name="moduleVersion">The version of the proxy the app was built against.</param>
    /// <param name="signature">The signature id, e.g. <c>Add(int,int)</c>.</param>
    public RpcMethod(string module, int moduleVersion, string signature)
        : this(module, moduleVersion, signature, null)
    {
    }

    /// <summary>
    /// Describes <paramref name="module"/>.<paramref name="signature"/> at <paramref name="moduleVersion"/>,
    /// whose exceptions of the module's own types arrive as the proxy's types in <paramref name="exceptionTypes"/>.
    /// </summary>
    /// <param name="module">The module's name, e.g. <c>z</c>.</param>
    /// <param name="moduleVersion">The version of the proxy the app was built against.</param>
    /// <param name="signature">The signature id, e.g. <c>Add(int,int)</c>.</param>
    /// <param name="exceptionTypes">The exception types the module's proxy declares, or null for none.</param>
    public RpcMethod(string module, int moduleVersion, string signature, SimpleRpc.Rpc.RemoteExceptionTypes? exceptionTypes)
    {
        ExceptionTypes = exceptionTypes;
        Module = module;
        ModuleVersion = moduleVersion;
        Signature = signature;
        Function = SignatureId.FunctionOf(signature);
        WireName = module + "." + signature;
    }

    /// <summary>The module's name.</summary>
    public string Module { get; }

    /// <summary>The exception types the module's proxy declares, or null.</summary>
    public SimpleRpc.Rpc.RemoteExceptionTypes? ExceptionTypes { get; }

    /// <summary>The proxy's version of the module.</summary>
    public int ModuleVersion { get; }

    /// <summary>The function's name, e.g. <c>Add</c>.</summary>
    public string Function { get; }

    /// <summary>The signature id, e.g. <c>Add(int,int)</c>.</summary>
    public string Signature { get; }

    /// <summary>The JSON-RPC method sent: <c>z.Add(int,int)</c>.</summary>
    public string WireName { get; }

    /// <inheritdoc/>
    public override string ToString() => WireName;
}
