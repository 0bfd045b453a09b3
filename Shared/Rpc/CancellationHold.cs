namespace SimpleRpc.Rpc;

/// <summary>
/// A pending request's cancellation registration, kept until the request ends, or dropped at once
/// when it ended before the registration was made (a reply can come before its sender registers).
/// A mutable field of its owner, which is the lock: no allocation of its own.
/// </summary>
internal struct CancellationHold
{
    private CancellationTokenRegistration _registration;
    private bool _ended;

    /// <summary>Keeps <paramref name="registration"/> until <see cref="End"/>, or unregisters it now if that ran.</summary>
    public void Hold(object gate, CancellationTokenRegistration registration)
    {
        lock (gate)
        {
            if (!_ended)
            {
                _registration = registration;
                return;
            }
        }

        registration.Unregister();
    }

    /// <summary>The request ended: its registration goes (Unregister never waits, so this is safe inside the registration's own callback).</summary>
    public void End(object gate)
    {
        CancellationTokenRegistration registration;
        lock (gate)
        {
            _ended = true;
            registration = _registration;
            _registration = default;
        }

        registration.Unregister();
    }
}
