namespace SimpleRpc.Server.Dashboard;

/// <summary>A connected stub on the fleet page.</summary>
/// <param name="Name">Its client name.</param>
/// <param name="SessionId">The server's session id (what the disconnect and cancel actions name).</param>
/// <param name="Role">What its key allows.</param>
/// <param name="Address">Its peer address.</param>
/// <param name="ConnectedSince">When it connected.</param>
/// <param name="CallsInFlight">Its calls running now.</param>
/// <param name="CallsPerSecond">Its calls per second since the previous live update.</param>
/// <param name="Proxies">Per serving module, whether its proxy is current, behind or missing.</param>
public sealed record FleetStub(string Name, string SessionId, string Role, string Address, DateTimeOffset ConnectedSince, int CallsInFlight, double CallsPerSecond, IReadOnlyList<FleetProxy> Proxies);
