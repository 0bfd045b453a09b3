namespace SimpleRpc.Protocol.Messages;

/// <summary>The <c>data</c> of a <see cref="RpcErrorCodes.BreakingChange"/> error.</summary>
/// <param name="Module">The module's name.</param>
/// <param name="ServingVersion">The version that keeps serving.</param>
/// <param name="Changes">Every change from the serving version, one line each, breaking ones first
/// (<c>breaking: function double Average(double[] values) removed</c>).</param>
/// <param name="Callers">For each removed or changed function, the clients that called it within
/// the last <paramref name="WindowHours"/> hours and how often; a function nobody called is listed
/// with no clients.</param>
/// <param name="WindowHours">The span the counts cover.</param>
public sealed record BreakingChangeData(
    string Module,
    int ServingVersion,
    IReadOnlyList<string> Changes,
    IReadOnlyList<FunctionCallers> Callers,
    int WindowHours);
