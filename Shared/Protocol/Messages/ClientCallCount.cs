namespace SimpleRpc.Protocol.Messages;

/// <summary>How many calls one client made (<see cref="FunctionCallers.Clients"/>).</summary>
/// <param name="Client">The client's name.</param>
/// <param name="Calls">Its calls within the window.</param>
public sealed record ClientCallCount(string Client, long Calls);
