namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// TLS on the stub ⇄ server link: the conf object <c>tls</c> of the server and of a stub. Absent
/// or null means plain TCP. The server reads <see cref="CertificatePath"/> and
/// <see cref="CertificatePassword"/>; a stub reads <see cref="Enabled"/>, <see cref="ServerName"/>
/// and <see cref="TrustedCertificatePath"/>. The app ⇄ stub link is loopback and stays plain.
/// </summary>
/// <remarks>
/// There is deliberately no option that turns certificate validation off: a stub that cannot
/// validate the server's certificate (name, chain, dates) does not connect.
/// </remarks>
public sealed class TlsOptions
{
    /// <summary>
    /// Server: the PFX (PKCS#12) file holding the server's certificate and its private key. A
    /// server whose conf has <c>tls</c> needs it; a relative path is relative to the working directory.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>Server: the PFX file's password, or null when it has none.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Stub: connect to the server over TLS. Default false (plain TCP).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Stub: the name the server's certificate must carry (a DNS name or an IP address in its
    /// subject alternative names). Default: the host part of the stub's <c>server</c>.
    /// </summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// Stub: a certificate file (PEM, DER or CRT; a PEM file may hold several) of a CA or of a
    /// self-signed server certificate to trust in addition to the system's trusted roots. Default none.
    /// </summary>
    public string? TrustedCertificatePath { get; set; }
}
