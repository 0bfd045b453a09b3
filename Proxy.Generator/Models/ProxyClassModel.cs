namespace SimpleRpc.Proxy.Generator.Models;

/// <summary>
/// Everything needed to emit one proxy file: the class marked with <c>[RpcModule]</c>, where it
/// sits, and the functions to implement. Holds only strings and equatable values.
/// </summary>
/// <param name="HintName">The generated file's hint name, <c>&lt;Namespace&gt;.&lt;Type&gt;.g.cs</c>.</param>
/// <param name="Namespace">The namespace to declare, or empty for the global namespace.</param>
/// <param name="Types">The type declarations to open, outermost first; the last is the proxy class.</param>
/// <param name="ModuleName">The module's name on the wire, from the attribute's constructor.</param>
/// <param name="ModuleVersion">The attribute's <c>Version</c>, or 0 when it has none.</param>
/// <param name="Methods">The partial methods that still need a body, in declaration order.</param>
/// <param name="Exceptions">The exception types nested in the class for the module's own, in declaration order.</param>
internal sealed record ProxyClassModel(
    string HintName,
    string Namespace,
    EquatableArray<TypeDeclarationModel> Types,
    string ModuleName,
    int ModuleVersion,
    EquatableArray<ProxyMethodModel> Methods,
    EquatableArray<RemoteExceptionModel> Exceptions);
