namespace SimpleRpc.Tests.Support;

/// <summary>
/// The one switch every snapshot test obeys: with the environment variable
/// <see cref="Variable"/> set to <c>1</c> a snapshot test rewrites its expected files from what
/// the code produces now, instead of comparing.
/// </summary>
public static class SnapshotSwitch
{
    /// <summary>The environment variable's name.</summary>
    public const string Variable = "WRITE_EXPECTED";

    /// <summary>True when snapshots are being rewritten.</summary>
    public static bool Writing => Environment.GetEnvironmentVariable(Variable) == "1";
}
