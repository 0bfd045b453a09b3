namespace SimpleRpc.Server.Dashboard;

/// <summary>One stub on a publish's spread timeline.</summary>
/// <param name="Name">The stub.</param>
/// <param name="Status"><c>current</c>, <c>behind</c> or <c>missing</c>.</param>
/// <param name="How"><c>pushed</c>, <c>synced</c> or <c>reported</c> (it had it when it connected); null when missing.</param>
/// <param name="AfterMs">Milliseconds from the publish to the proxy reaching the stub's link; null unless current.</param>
public sealed record SpreadStub(string Name, string Status, string? How, double? AfterMs);
