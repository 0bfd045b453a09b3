using System.Globalization;

namespace SimpleRpc.Server.Isolation.Host;

/// <summary>
/// Counts the worker ends a module caused and decides when the module is failed: after
/// <c>workerMaxCrashes</c> within <c>workerCrashWindowSeconds</c>. A failed module is tried again
/// after a cool-down (<c>workerFailedCooldownSeconds</c>) that doubles each time it fails again, up
/// to <see cref="MaxCooldown"/>; registering it again or <c>reset</c> on the console starts afresh.
/// </summary>
/// <remarks>Not thread-safe: its owner (<see cref="ModuleWorkerSlot"/>) calls it under its lock.</remarks>
/// <param name="module">The module, or with <paramref name="shared"/> the publisher whose modules share the worker.</param>
/// <param name="maxCrashes">Ends within <paramref name="window"/> that mark it failed.</param>
/// <param name="window">The window for <paramref name="maxCrashes"/>.</param>
/// <param name="cooldown">The first cool-down.</param>
/// <param name="time">The clock.</param>
/// <param name="shared">True when the worker is shared by a publisher's modules (<c>workerSharing: publisher</c>): they fail together.</param>
internal sealed class CrashLoop(string module, int maxCrashes, TimeSpan window, TimeSpan cooldown, TimeProvider time, bool shared = false)
{
    /// <summary>The longest cool-down, however often a module failed.</summary>
    public static readonly TimeSpan MaxCooldown = TimeSpan.FromHours(1);

    private readonly Queue<long> _crashes = new();
    private int _failures;
    private string? _failure;
    private long _retryAt;

    /// <summary>Why the module is failed, or null while it may run (its cool-down may have passed: see <see cref="TryRetry"/>).</summary>
    public string? Failure => _failure;

    /// <summary>How many times the module was marked failed since it was registered or reset.</summary>
    public int Failures => _failures;

    /// <summary>
    /// A worker end the module caused; returns the failure text when this end marks the module
    /// failed, else null.
    /// </summary>
    /// <param name="why">How the worker ended, for the failure text.</param>
    public string? Crashed(string why)
    {
        var now = time.GetTimestamp();
        _crashes.Enqueue(now);
        while (_crashes.Count > 0 && time.GetElapsedTime(_crashes.Peek(), now) > window)
        {
            _crashes.Dequeue();
        }

        if (_crashes.Count < maxCrashes || _failure is not null)
        {
            return null;
        }

        _failures++;
        var wait = CooldownOf(_failures);
        _retryAt = now + (long)(wait.TotalSeconds * time.TimestampFrequency);
        _failure = shared
            ? string.Create(CultureInfo.InvariantCulture, $"The modules of publisher '{module}' are failed (workerSharing: publisher, one worker for them all): their worker process ended abnormally {_crashes.Count} times within {window.TotalSeconds:0} s (workerMaxCrashes), the last time because {why}. They are tried again {wait.TotalSeconds:0} s after they failed (workerFailedCooldownSeconds, doubled each time they fail again); register one of them again, or `reset <one of them>` on the server console, to retry now.")
            : string.Create(CultureInfo.InvariantCulture, $"Module '{module}' is failed: its worker process ended abnormally {_crashes.Count} times within {window.TotalSeconds:0} s (workerMaxCrashes), the last time because {why}. It is tried again {wait.TotalSeconds:0} s after it failed (workerFailedCooldownSeconds, doubled each time it fails again); register the module again, or `reset {module}` on the server console, to retry now.");
        return _failure;
    }

    /// <summary>
    /// True when the module is failed and its cool-down has passed: the failure is cleared (its
    /// count of failures is kept, so the next cool-down is twice as long) and the caller may start a worker.
    /// </summary>
    public bool TryRetry()
    {
        if (_failure is null || time.GetTimestamp() < _retryAt)
        {
            return false;
        }

        _failure = null;
        _crashes.Clear();
        return true;
    }

    /// <summary>Forgets every crash and failure (a new version, or <c>reset</c> on the console); true when the module was failed.</summary>
    public bool Reset()
    {
        var wasFailed = _failure is not null;
        _failure = null;
        _failures = 0;
        _crashes.Clear();
        return wasFailed;
    }

    /// <summary>The cool-down after the <paramref name="failures"/>-th failure: doubled each time, at most <see cref="MaxCooldown"/>.</summary>
    public TimeSpan CooldownOf(int failures)
    {
        var seconds = cooldown.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxCooldown.TotalSeconds));
    }
}
