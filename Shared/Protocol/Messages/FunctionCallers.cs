namespace SimpleRpc.Protocol.Messages;

/// <summary>The clients that called one function recently (<see cref="BreakingChangeData.Callers"/>).</summary>
/// <param name="Function">The function's name (its overloads share one record).</param>
/// <param name="Clients">Client name and call count, most calls first.</param>
public sealed record FunctionCallers(string Function, IReadOnlyList<ClientCallCount> Clients);
