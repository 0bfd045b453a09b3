namespace SimpleRpc.Proxy.Generator.Models;

/// <summary>A partial method declaration without a body, and the methods added next to it.</summary>
/// <param name="Modifiers">The declaration's modifiers as written, e.g. <c>public static partial</c>.</param>
/// <param name="ReturnType">The fully qualified return type, or <c>void</c>.</param>
/// <param name="Name">The method's identifier, escaped if it is a keyword.</param>
/// <param name="FunctionName">The function's name on the wire (the unescaped method name).</param>
/// <param name="Signature">The signature id, e.g. <c>Add(int,int)</c> (see <c>SimpleRpc.Client.RpcMethod</c>).</param>
/// <param name="FieldName">The static <c>RpcMethod</c> field the bodies pass, e.g. <c>__SimpleRpc_Add_0</c>.</param>
/// <param name="Kind">How the function returns.</param>
/// <param name="ResultType">The <c>T</c> of the runtime call, or empty for void, Task and ValueTask.</param>
/// <param name="Parameters">The parameters in declaration order.</param>
/// <param name="AsyncTwin">The <c>…Async</c> twin to add for a sync function, or null for none.</param>
/// <param name="TokenOverload">The overload with a <c>CancellationToken</c> to add for an async function
/// that takes none, or null for none.</param>
/// <param name="RemovedIn">The version of <c>[RpcRemoved(version)]</c> on the function (it is gone from
/// the module; its twins carry the attribute too, so SRPC0011 warns at their calls), or 0.</param>
internal sealed record ProxyMethodModel(
    string Modifiers,
    string ReturnType,
    string Name,
    string FunctionName,
    string Signature,
    string FieldName,
    ProxyReturnKind Kind,
    string ResultType,
    EquatableArray<ProxyParameterModel> Parameters,
    AsyncTwinModel? AsyncTwin,
    TokenOverloadModel? TokenOverload,
    int RemovedIn = 0);
