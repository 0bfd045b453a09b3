namespace SimpleRpc.Server.Isolation.Host;

// The dashboard's "stop worker".
internal sealed partial class ModuleWorkerSlot
{
    /// <summary>
    /// Stops the running worker, as a replacement does: it stops once the calls it runs now have
    /// answered, and the module's next call starts a new one. False when no worker runs.
    /// </summary>
    /// <param name="reason">Why, for the log.</param>
    public bool StopWorker(string reason)
    {
        WorkerProcess? running;
        lock (_gate)
        {
            running = DetachRunning();
        }

        running?.Recycle(reason, "admin");
        return running is not null;
    }
}
