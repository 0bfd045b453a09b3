namespace SimpleRpc.Bench.CallPath;

/// <summary>
/// Connects each path's clients before anything is measured: one for latency and the 1×64 shape,
/// and for paths with the wide shape <see cref="BenchOptions.WideConnections"/> more, each its own
/// client and socket. A path that cannot connect is reported as failed and not measured.
/// </summary>
internal sealed class PathConnector(BenchOptions options, Action<string> report)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The connected paths, in the order they were connected.</summary>
    public List<Scenario> Ready { get; } = [];

    /// <summary>The paths that could not connect.</summary>
    public List<ScenarioResult> Failed { get; } = [];

    /// <summary>Connects a path's clients, unless <c>--only</c> leaves it out.</summary>
    /// <param name="key">The scenario's key, e.g. "5m".</param>
    /// <param name="title">What the path is.</param>
    /// <param name="kind">Its group.</param>
    /// <param name="serving">The processes outside this one that serve it.</param>
    /// <param name="wide">Whether the path is also measured with the wide shape (its extra clients are connected now).</param>
    /// <param name="connect">Connects client number n: 0 is the first, 1… the wide shape's (for a distinct hello name).</param>
    /// <param name="call">Makes one call on a client with two numbers and checks the answer.</param>
    /// <param name="close">Closes a client; it must make its pending calls fail.</param>
    public async Task ConnectAsync<TClient>(
        string key, string title, ScenarioKind kind, ServingProcesses serving, bool wide,
        Func<int, Task<TClient>> connect, Func<TClient, int, int, Task> call, Action<TClient> close)
    {
        if (!options.Includes(key))
        {
            return;
        }

        var clients = new List<TClient>();
        try
        {
            // One after another, each bounded: the paths' servers see no burst of connects.
            for (var n = 0; n <= (wide ? options.WideConnections : 0); n++)
            {
                clients.Add(await connect(n).WaitAsync(ConnectTimeout).ConfigureAwait(false));
            }

            var first = clients[0];
            var others = clients.Skip(1).Select(c => (Func<int, int, Task>)((a, b) => call(c, a, b))).ToArray();
            Ready.Add(new Scenario(key, title, kind, (a, b) => call(first, a, b), others, () => clients.ForEach(close), serving.Processes, serving.Consoles));
            report($"  {key} {title}" + (wide ? $" (+{options.WideConnections} connections for {options.WideConnections}×{options.WideInFlight})" : string.Empty));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            clients.ForEach(close);
            var failed = new ScenarioResult { Scenario = new Scenario(key, title, kind, (_, _) => Task.CompletedTask, [], () => { }, [], []), Failure = "connect: " + ex.Message };
            Failed.Add(failed);
            report(Report.Line(failed, options));
        }
    }
}
