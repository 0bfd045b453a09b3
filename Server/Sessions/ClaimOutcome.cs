namespace SimpleRpc.Server.Sessions;

/// <summary>What happened to a hello's name.</summary>
public enum ClaimOutcome
{
    /// <summary>The name was free and is now the session's.</summary>
    Claimed,

    /// <summary>The same client reconnected; its previous session was replaced.</summary>
    Replaced,

    /// <summary>Another session of the same key holds the name (a second instance, not a reconnect).</summary>
    Taken,

    /// <summary>The name belongs to another key.</summary>
    BoundToAnotherKey,
}
