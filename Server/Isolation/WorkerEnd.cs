namespace SimpleRpc.Server.Isolation;

/// <summary>How a worker process ended.</summary>
/// <param name="ExitCode">The process's exit code (128 + the signal number when a signal ended it on Unix).</param>
/// <param name="Description">A sentence fragment for logs and for callers whose calls were lost,
/// e.g. "it crashed with exit code 134 (aborted): Stack overflow."</param>
/// <param name="Abnormal">True when the module caused it (a crash, or killed because a call would not stop): it counts towards <c>workerMaxCrashes</c>.</param>
public sealed record WorkerEnd(int ExitCode, string Description, bool Abnormal);
