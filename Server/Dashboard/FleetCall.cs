namespace SimpleRpc.Server.Dashboard;

/// <summary>A module call running now, on the fleet page.</summary>
/// <param name="Caller">The stub that sent it (its client name).</param>
/// <param name="SessionId">The caller's session (what the cancel action names).</param>
/// <param name="Id">The call's JSON-RPC id, as text.</param>
/// <param name="Method">The function called, <c>module.Function</c> (a signature id's parameter list left out).</param>
/// <param name="StartedAt">When the server received it.</param>
/// <param name="ElapsedMs">How long it has been running, in ms.</param>
public sealed record FleetCall(string Caller, string SessionId, string Id, string Method, DateTimeOffset StartedAt, long ElapsedMs);
