namespace SimpleRpc.Server.Isolation;

/// <summary>A call whose function kept running after its deadline or cancellation.</summary>
internal sealed record WorkerCallStillRunning(string Method);
