namespace SimpleRpc.Hosting.Logging;

/// <summary>
/// The conf object <c>logging.overrides</c>: a minimum level per source, keyed by the start of
/// a logger's context name (a namespace or a type), for example
/// <c>{ "SimpleRpc.Server.Dispatch": "Warning" }</c>. The longest matching key wins.
/// </summary>
public sealed class LogLevelOverrides : Dictionary<string, string>
{
    /// <summary>Creates an empty map; keys compare as Serilog compares source names (ordinal).</summary>
    public LogLevelOverrides()
        : base(StringComparer.Ordinal)
    {
    }
}
