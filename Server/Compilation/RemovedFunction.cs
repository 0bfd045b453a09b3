namespace SimpleRpc.Server.Compilation;

/// <summary>
/// A function a recent version of a module removed (or whose signature changed), which the proxy
/// still declares, marked <c>[RpcRemoved(version)]</c>, so that an app that calls it gets the
/// build warning SRPC0011 instead of a compile error or only a run-time <c>-32012</c>.
/// </summary>
/// <param name="Key">The overload's identity in C#: name and every parameter type, fully qualified
/// (<c>Average(double[])</c>); an entry is dropped when a function with the same key exists again.</param>
/// <param name="Declaration">The declaration as the proxy had it, after <c>public static partial</c>:
/// <c>double Average(double[] values)</c>.</param>
/// <param name="RemovedIn">The version that no longer had it.</param>
/// <param name="Types">The module's data types the declaration uses (full names); the entry is
/// dropped when one of them is gone, since the proxy could not declare it.</param>
public sealed record RemovedFunction(string Key, string Declaration, int RemovedIn, IReadOnlyList<string> Types);
