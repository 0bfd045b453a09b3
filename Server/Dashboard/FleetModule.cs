namespace SimpleRpc.Server.Dashboard;

/// <summary>A serving module on the fleet page.</summary>
public sealed record FleetModule(string Name, int Version, string PublishedBy, DateTimeOffset PublishedAt);
