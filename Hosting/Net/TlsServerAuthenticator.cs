using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.Hosting.Net;

/// <summary>
/// The server's side of TLS: the certificate from <see cref="TlsOptions.CertificatePath"/>
/// (its chain too, when the PFX holds one) and the handshake, TLS 1.2 or 1.3, no client certificate.
/// </summary>
internal sealed class TlsServerAuthenticator : IDisposable
{
    private readonly X509Certificate2Collection _certificates;
    private readonly SslServerAuthenticationOptions _options;

    /// <summary>Loads the certificate.</summary>
    /// <exception cref="ArgumentException">No path, a file that cannot be read or decrypted, or no private key in it.</exception>
    public TlsServerAuthenticator(TlsOptions tls)
    {
        var path = tls.CertificatePath;
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The conf sets tls but not tls.certificatePath: name the PFX (PKCS#12) file with the server's certificate and private key, or remove tls for plain TCP.");
        }

        try
        {
            _certificates = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, tls.CertificatePassword);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"tls.certificatePath '{Path.GetFullPath(path)}' cannot be loaded: {ex.Message}", ex);
        }

        Certificate = _certificates.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new ArgumentException($"tls.certificatePath '{Path.GetFullPath(path)}' holds no certificate with a private key.");
        var chain = new X509Certificate2Collection(_certificates.Where(c => !ReferenceEquals(c, Certificate)).ToArray());
        _options = new SslServerAuthenticationOptions
        {
            // offline: the chain comes from the PFX; the server never fetches certificates at start.
            ServerCertificateContext = SslStreamCertificateContext.Create(Certificate, chain, offline: true),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
    }

    /// <summary>The server's certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Runs the server side of the handshake over <paramref name="stream"/>, which the returned stream owns.</summary>
    /// <exception cref="AuthenticationException">The handshake failed (the peer does not speak TLS, or refused us).</exception>
    /// <exception cref="IOException">The connection broke during the handshake.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the handshake timeout).</exception>
    public async Task<SslStream> AuthenticateAsync(Stream stream, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(_options, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var certificate in _certificates)
        {
            certificate.Dispose();
        }
    }
}
