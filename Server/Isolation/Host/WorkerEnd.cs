namespace SimpleRpc.Server.Isolation.Host;

/// <summary>How a worker process ended.</summary>
/// <param name="ExitCode">The process's exit code (128 + the signal number when a signal ended it on Unix).</param>
/// <param name="Description">A sentence fragment for logs and for callers whose calls were lost,
/// e.g. "it crashed with exit code 134 (aborted): Stack overflow."</param>
/// <param name="Abnormal">True when the module caused it (a crash, or killed because a call would not stop): it counts towards <c>workerMaxCrashes</c>.</param>
public sealed record WorkerEnd(int ExitCode, string Description, bool Abnormal)
{
    /// <summary>
    /// True when nobody in the server asked for it: a crash (<see cref="Abnormal"/>), or a kill
    /// from outside (an operator's <c>kill -9</c>, the kernel's out-of-memory killer), which is not
    /// the module's fault. Either way the server replaces the worker at once.
    /// </summary>
    public bool Unexpected { get; init; }
}
