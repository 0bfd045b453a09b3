namespace SimpleRpc.Server.Dashboard;

/// <summary>A function's figures on the modules page.</summary>
/// <param name="Module">The module.</param>
/// <param name="Function">The function.</param>
/// <param name="CallsPerSecond">Calls per second over the last 10 s.</param>
/// <param name="CallsLastMinute">Calls answered in the last minute.</param>
/// <param name="ErrorRate">The share of the last minute's calls that failed, 0 to 1.</param>
/// <param name="P50Ms">Median latency over the last minute, in ms; null without calls.</param>
/// <param name="P99Ms">99th percentile over the last minute, in ms; null without calls.</param>
public sealed record FunctionStats(string Module, string Function, double CallsPerSecond, int CallsLastMinute, double ErrorRate, double? P50Ms, double? P99Ms);
