namespace SimpleRpc.Server.Dashboard;

/// <summary>A module's proxy on one stub: <c>current</c> (it has the serving version), <c>behind</c> (an older one) or <c>missing</c>.</summary>
/// <param name="Module">The module.</param>
/// <param name="Status"><c>current</c>, <c>behind</c> or <c>missing</c>.</param>
/// <param name="Version">The version the stub holds; 0 when missing or unknown to the server.</param>
/// <param name="Since">When the stub confirmed or reported it (when the server sent it, for a client that never confirms); null when missing.</param>
public sealed record FleetProxy(string Module, string Status, int Version, DateTimeOffset? Since);
