using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.Hosting.Net;

/// <summary>
/// The stub's side of TLS: authenticates the server by <see cref="TlsOptions.ServerName"/> (or the
/// host it connects to) against the system's roots plus <see cref="TlsOptions.TrustedCertificatePath"/>.
/// </summary>
internal static class TlsClientAuthenticator
{
    /// <summary>How long the handshake may take, so a server that never answers cannot hang a connect.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs the client side of the handshake over <paramref name="stream"/>, which the returned stream owns.</summary>
    /// <exception cref="TlsHandshakeException">The trust file cannot be read, the certificate was refused, the peer does not speak TLS or did not finish in time.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<SslStream> AuthenticateAsync(Stream stream, string host, string endpoint, TlsOptions tls, CancellationToken cancellationToken)
    {
        var serverName = string.IsNullOrWhiteSpace(tls.ServerName) ? host : tls.ServerName.Trim();
        var trusted = LoadTrusted(tls.TrustedCertificatePath);
        var validator = new ServerCertificateValidator(serverName, trusted, tls.TrustedCertificatePath);
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = validator.Validate,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(options, timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new TlsHandshakeException($"TLS handshake with {endpoint} failed: no answer within {HandshakeTimeout.TotalSeconds:0} s. Does the server's conf set tls?");
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw validator.Failure is { } failure
                ? new TlsHandshakeException($"TLS handshake with {endpoint} failed: {failure}", validator.PolicyErrors)
                : new TlsHandshakeException($"TLS handshake with {endpoint} failed: {ex.Message} Does the server's conf set tls?");
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            foreach (var certificate in trusted)
            {
                certificate.Dispose();
            }
        }
    }

    // PEM (one or several certificates) or DER; read at every connect, so a replaced file counts.
    private static X509Certificate2Collection LoadTrusted(string? path)
    {
        var trusted = new X509Certificate2Collection();
        if (string.IsNullOrWhiteSpace(path))
        {
            return trusted;
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            var text = Encoding.ASCII.GetString(bytes);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                trusted.ImportFromPem(text);
            }
            else
            {
                trusted.Add(X509CertificateLoader.LoadCertificate(bytes));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new TlsHandshakeException($"tls.trustedCertificatePath '{Path.GetFullPath(path)}' cannot be read as a PEM, DER or CRT certificate: {ex.Message}");
        }

        return trusted;
    }
}
