namespace SimpleRpc.Protocol.Messages;

/// <summary>The <c>data</c> of a <see cref="RpcErrorCodes.CompileFailed"/> error.</summary>
/// <param name="Diagnostics">Errors and warnings as a compiler prints them: <c>z.cs(3,5): error CS1002: ; expected</c>.</param>
public sealed record CompileFailedData(IReadOnlyList<string> Diagnostics);
