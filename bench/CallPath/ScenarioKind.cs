namespace SimpleRpc.Bench.CallPath;

/// <summary>Which group a scenario belongs to, for the ratios.</summary>
internal enum ScenarioKind
{
    /// <summary>Raw TCP: the floor.</summary>
    Floor,

    /// <summary>StreamJsonRpc: the off-the-shelf comparison.</summary>
    StreamJsonRpc,

    /// <summary>SimpleRpc's real processes.</summary>
    SimpleRpc,
}
