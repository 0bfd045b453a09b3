namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>Which port a hostile line goes to.</summary>
public enum WireTarget
{
    /// <summary>The server's port, on a connection that said hello (call role).</summary>
    Server,

    /// <summary>A stub's app port, as an app in any language would connect.</summary>
    App,
}
