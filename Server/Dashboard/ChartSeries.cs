namespace SimpleRpc.Server.Dashboard;

/// <summary>The charts' data: one point per second (Unix seconds), oldest first.</summary>
public sealed record ChartSeries(IReadOnlyList<long> Times, IReadOnlyList<int> Calls, IReadOnlyList<double?> P50Ms, IReadOnlyList<double?> P99Ms);
