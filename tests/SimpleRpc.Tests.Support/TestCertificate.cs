using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SimpleRpc.Tests.Support;

/// <summary>
/// A self-signed server certificate made in the test (RSA 2048, SAN 127.0.0.1 and localhost),
/// written to a temp folder as a PFX with its key, a PEM CRT and a DER CER of the public part.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private TestCertificate(string directory, string password)
    {
        Directory = directory;
        Password = password;
    }

    public string Directory { get; }

    public string Password { get; }

    public string PfxPath => Path.Combine(Directory, "server.pfx");

    public string CrtPath => Path.Combine(Directory, "server.crt");

    public string CerPath => Path.Combine(Directory, "server.cer");

    /// <summary>Valid from now (minus a minute of clock slack) to now plus one day, unless told otherwise.</summary>
    public static TestCertificate Create(DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string password = "test-password")
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("simplerpc-tls-").FullName;
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=SimpleRpc test server", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-1);
        using var certificate = request.CreateSelfSigned(from, notAfter ?? DateTimeOffset.UtcNow.AddDays(1));
        var made = new TestCertificate(directory, password);
        File.WriteAllBytes(made.PfxPath, certificate.Export(X509ContentType.Pfx, password));
        File.WriteAllText(made.CrtPath, certificate.ExportCertificatePem());
        File.WriteAllBytes(made.CerPath, certificate.Export(X509ContentType.Cert));
        return made;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
