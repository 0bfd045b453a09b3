using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SimpleRpc.Hosting.Net;

/// <summary>
/// Checks the server's certificate for one TLS connect: the name must match, and the chain must
/// end in a root the system trusts or in one of the stub's extra trusted certificates. Nothing
/// here can turn a check off. The first failure is kept, with a message naming the reason.
/// </summary>
internal sealed class ServerCertificateValidator(string serverName, X509Certificate2Collection trusted, string? trustedPath)
{
    // The server-authentication EKU, the same application policy SslStream's own chain uses.
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Why the certificate was refused, or null if it was not (yet).</summary>
    public string? Failure { get; private set; }

    /// <summary>The policy errors of the refused certificate.</summary>
    public SslPolicyErrors PolicyErrors { get; private set; }

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/>; runs on the handshake's thread.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        PolicyErrors = errors;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Refuse($"the server sent no certificate (SslPolicyErrors: {errors}).");
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Refuse($"the server's certificate {Describe(leaf)} is not valid for the name '{serverName}' (SslPolicyErrors: {errors}); it names {Names(leaf)}. Connect by one of those names or set tls.serverName.");
        }

        var systemStatus = chain is null ? "no chain" : Status(chain.ChainStatus);
        if (trusted.Count == 0)
        {
            return Refuse($"the server's certificate {Describe(leaf)} is not trusted (SslPolicyErrors: {errors}; chain status: {systemStatus}). Set tls.trustedCertificatePath to the CA or self-signed certificate to trust.");
        }

        // The extra trust is added to the system's, not put in its place: the system chain
        // already failed, so build again with the trusted certificates as the only roots.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ServerAuthenticationOid));
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            foreach (var element in chain.ChainElements.Skip(1))
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (custom.Build(leaf))
        {
            PolicyErrors = SslPolicyErrors.None;
            return true;
        }

        return Refuse($"the server's certificate {Describe(leaf)} is not trusted by the system nor by tls.trustedCertificatePath '{trustedPath}' (SslPolicyErrors: {errors}; chain status: {Status(custom.ChainStatus)}).");
    }

    private bool Refuse(string reason)
    {
        Failure ??= reason;
        return false;
    }

    private static string Describe(X509Certificate2 certificate) =>
        $"'{certificate.Subject}' (issuer '{certificate.Issuer}', valid {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u})";

    private static string Names(X509Certificate2 certificate)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var names = san is null
            ? []
            : san.EnumerateDnsNames().Select(n => "DNS:" + n).Concat(san.EnumerateIPAddresses().Select(ip => "IP:" + ip)).ToList();
        return names.Count == 0 ? $"no subject alternative names (subject '{certificate.Subject}')" : string.Join(", ", names);
    }

    private static string Status(X509ChainStatus[] statuses) =>
        statuses.Length == 0
            ? "no status"
            : string.Join("; ", statuses.Select(s => string.IsNullOrWhiteSpace(s.StatusInformation) ? s.Status.ToString() : $"{s.Status} ({s.StatusInformation.Trim()})"));
}
