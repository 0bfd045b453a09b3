namespace SimpleRpc.Walkthrough;

/// <summary>A walk-through step did not do what it should.</summary>
public sealed class WalkthroughException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WalkthroughException(string message)
        : base(message)
    {
    }
}
