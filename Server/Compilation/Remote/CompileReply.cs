namespace SimpleRpc.Server.Compilation.Remote;

/// <summary>A <see cref="CompileResult"/> as the compile process sends it back (the image as base64 in JSON).</summary>
/// <param name="Success">See <see cref="CompileResult.Success"/>.</param>
/// <param name="Assembly">See <see cref="CompileResult.Assembly"/>.</param>
/// <param name="Diagnostics">See <see cref="CompileResult.Diagnostics"/>.</param>
/// <param name="ProxySource">See <see cref="CompileResult.ProxySource"/>.</param>
/// <param name="Functions">See <see cref="CompileResult.Functions"/>.</param>
/// <param name="Changes">See <see cref="CompileResult.Changes"/>.</param>
/// <param name="RemovedFunctions">See <see cref="CompileResult.RemovedFunctions"/>.</param>
public sealed record CompileReply(
    bool Success,
    byte[]? Assembly,
    IReadOnlyList<CompileDiagnostic> Diagnostics,
    string? ProxySource,
    IReadOnlyList<ModuleFunctionInfo> Functions,
    IReadOnlyList<SurfaceChange> Changes,
    IReadOnlyList<RemovedFunction> RemovedFunctions)
{
    /// <summary>The reply for <paramref name="result"/>.</summary>
    public static CompileReply From(CompileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Success, result.Assembly, result.Diagnostics, result.ProxySource, result.Functions, result.Changes, result.RemovedFunctions);
    }

    /// <summary>The <see cref="CompileResult"/> this reply carries.</summary>
    public CompileResult ToResult() => new(Success, Assembly, Diagnostics ?? [], ProxySource, Functions ?? [])
    {
        Changes = Changes ?? [],
        RemovedFunctions = RemovedFunctions ?? [],
    };
}
