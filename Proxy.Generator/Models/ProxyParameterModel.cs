namespace SimpleRpc.Proxy.Generator.Models;

/// <summary>One parameter of a proxy function.</summary>
/// <param name="Name">The parameter's identifier, escaped if it is a keyword.</param>
/// <param name="Type">The fully qualified type, with <c>global::</c> and nullable annotations.</param>
/// <param name="IsParams">Whether it is declared <c>params</c>.</param>
/// <param name="IsThis">Whether it is the <c>this</c> parameter of an extension method.</param>
/// <param name="IsCancellationToken">Whether it is a <c>CancellationToken</c>, passed as the call's token instead of an argument.</param>
/// <param name="DefaultValue">The default value as a C# expression, or null when it has none.</param>
internal sealed record ProxyParameterModel(
    string Name,
    string Type,
    bool IsParams,
    bool IsThis,
    bool IsCancellationToken,
    string? DefaultValue);
