namespace SimpleRpc.Bench.CallPath;

/// <summary>One call path to measure: calls to make, on one connection and on several, and the processes that serve them.</summary>
/// <param name="Key">Short id printed in the tables, e.g. "2" or "5m".</param>
/// <param name="Title">What the path is.</param>
/// <param name="Kind">Its group.</param>
/// <param name="Call">Makes one call on the path's first client (latency, and the 1×64 shape); throws if the answer is wrong. Must be safe to call concurrently.</param>
/// <param name="Wide">One call maker per connection of the wide shape (8×16), each on its own client and socket; empty where that shape is not measured.</param>
/// <param name="Abort">Closes every client of the path so that a call that hangs fails (the watchdog's last resort).</param>
/// <param name="Processes">Other processes whose CPU time counts for this path (label, pid).</param>
/// <param name="Consoles">Consoles of processes serving this path whose allocated bytes are read around the 1×64 phase.</param>
internal sealed record Scenario(
    string Key,
    string Title,
    ScenarioKind Kind,
    Func<int, int, Task> Call,
    IReadOnlyList<Func<int, int, Task>> Wide,
    Action Abort,
    IReadOnlyList<(string Label, int Pid)> Processes,
    IReadOnlyList<ConsoleProbe> Consoles);
