using System.Net.Security;
using System.Net.Sockets;

namespace SimpleRpc.Hosting.Net;

/// <summary>
/// A TLS connection to the server could not be set up: the server's certificate failed
/// validation (the message names the <see cref="SslPolicyErrors"/> and the chain status), the
/// peer does not speak TLS, the handshake timed out, or the stub's trust file cannot be read.
/// </summary>
/// <remarks>
/// It is a <see cref="SocketException"/> (<see cref="SocketError.ConnectionAborted"/>) on
/// purpose: for a stub a server it cannot verify is a server it cannot reach, so the callers
/// that already report an unreachable server and retry with backoff handle it the same way.
/// </remarks>
public sealed class TlsHandshakeException : SocketException
{
    /// <summary>Creates the exception with a message that says what failed and how to fix it.</summary>
    public TlsHandshakeException(string message, SslPolicyErrors policyErrors = SslPolicyErrors.None)
        : base((int)SocketError.ConnectionAborted, message)
    {
        PolicyErrors = policyErrors;
    }

    /// <summary>What the certificate validation found, or <see cref="SslPolicyErrors.None"/> when it was not a validation failure.</summary>
    public SslPolicyErrors PolicyErrors { get; }
}
