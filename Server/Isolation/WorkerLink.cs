namespace SimpleRpc.Server.Isolation;

/// <summary>
/// What the server's side of a worker (<c>Isolation/Host</c>) and the worker's own program
/// (<c>Isolation/Worker</c>) agree on besides the messages (<see cref="WorkerMethods"/>).
/// </summary>
internal static class WorkerLink
{
    /// <summary>The label of a worker no module has taken yet: the server starts it with this in place of a module's name.</summary>
    public const string Spare = "spare";

    /// <summary>The longest message on a worker link: a module's image travels in one.</summary>
    public const int MaxFrameBytes = 256 * 1024 * 1024;
}
