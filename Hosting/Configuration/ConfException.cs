namespace SimpleRpc.Hosting.Configuration;

/// <summary>A conf file or command line that cannot be used; the message says what to fix.</summary>
public sealed class ConfException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfException(string message)
        : base(message)
    {
    }
}
