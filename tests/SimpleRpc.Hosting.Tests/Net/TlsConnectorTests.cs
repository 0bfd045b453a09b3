using System.Net.Security;
using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Hosting.Net;

namespace SimpleRpc.Hosting.Tests.Net;

/// <summary>The stub side of TLS: every way the server's certificate can be refused, each with a message naming why.</summary>
[CancelAfter(30_000)]
public sealed class TlsConnectorTests
{
    private TestCertificate _certificate = null!;

    [OneTimeSetUp]
    public void MakeCertificate() => _certificate = TestCertificate.Create();

    [OneTimeTearDown]
    public void DeleteCertificate() => _certificate.Dispose();

    [Test]
    public async Task Connect_NoTrustFile_SelfSignedCertificateRefusedAsUntrusted(CancellationToken cancellationToken)
    {
        await using var server = TlsEchoServer.Start(_certificate);

        var ex = await RefusedAsync(server, new TlsOptions { Enabled = true }, cancellationToken);

        Assert.That(ex.PolicyErrors, Is.EqualTo(SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.That(ex.Message, Does.StartWith($"TLS handshake with {server.Endpoint} failed: the server's certificate 'CN=SimpleRpc test server'"));
        Assert.That(ex.Message, Does.Contain("is not trusted (SslPolicyErrors: RemoteCertificateChainErrors; chain status: UntrustedRoot"));
        Assert.That(ex.Message, Does.EndWith("Set tls.trustedCertificatePath to the CA or self-signed certificate to trust."));
        TestContext.Out.WriteLine(ex.Message);
    }

    [Test]
    public async Task Connect_WrongServerName_RefusedAsNameMismatch(CancellationToken cancellationToken)
    {
        await using var server = TlsEchoServer.Start(_certificate);
        var tls = new TlsOptions { Enabled = true, ServerName = "wrong.example", TrustedCertificatePath = _certificate.CrtPath };

        var ex = await RefusedAsync(server, tls, cancellationToken);

        Assert.That(ex.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch), Is.True);
        Assert.That(ex.Message, Does.Contain("is not valid for the name 'wrong.example' (SslPolicyErrors: RemoteCertificateNameMismatch"));
        Assert.That(ex.Message, Does.Contain("it names DNS:localhost, IP:127.0.0.1. Connect by one of those names or set tls.serverName."));
        TestContext.Out.WriteLine(ex.Message);
    }

    [Test]
    public async Task Connect_ExpiredCertificateEvenIfTrusted_RefusedAsNotTimeValid(CancellationToken cancellationToken)
    {
        using var expired = TestCertificate.Create(DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddDays(-1));
        await using var server = TlsEchoServer.Start(expired);

        var ex = await RefusedAsync(server, new TlsOptions { Enabled = true, TrustedCertificatePath = expired.CrtPath }, cancellationToken);

        Assert.That(ex.PolicyErrors, Is.EqualTo(SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.That(ex.Message, Does.Contain($"is not trusted by the system nor by tls.trustedCertificatePath '{expired.CrtPath}'"));
        Assert.That(ex.Message, Does.Contain("chain status: NotTimeValid"));
        var warning = await server.Sink.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("The TLS certificate", StringComparison.Ordinal)).WaitAsync(Within.Limit, cancellationToken);
        Assert.That(warning.RenderMessage(), Does.Contain("expired"));
        TestContext.Out.WriteLine(ex.Message);
    }

    [Test]
    public async Task Connect_TrustFileOfAnotherCertificate_RefusedAsUntrusted(CancellationToken cancellationToken)
    {
        using var other = TestCertificate.Create();
        await using var server = TlsEchoServer.Start(_certificate);

        var ex = await RefusedAsync(server, new TlsOptions { Enabled = true, TrustedCertificatePath = other.CrtPath }, cancellationToken);

        Assert.That(ex.Message, Does.Contain("is not trusted by the system nor by tls.trustedCertificatePath"));
    }

    [Test]
    public async Task Connect_TrustFileMissing_RefusedNamingTheFile(CancellationToken cancellationToken)
    {
        await using var server = TlsEchoServer.Start(_certificate);
        var missing = Path.Combine(_certificate.Directory, "missing.crt");

        var ex = await RefusedAsync(server, new TlsOptions { Enabled = true, TrustedCertificatePath = missing }, cancellationToken);

        Assert.That(ex.Message, Does.StartWith($"tls.trustedCertificatePath '{missing}' cannot be read"));
    }

    [Test]
    public async Task Connect_TlsDisabled_PlainTcpEvenWithOtherKeysSet(CancellationToken cancellationToken)
    {
        await using var server = new TlsEchoServer(null, TimeSpan.FromSeconds(1));

        var reply = await server.PingAsync(new TlsOptions { Enabled = false, TrustedCertificatePath = _certificate.CrtPath }, cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(reply, Is.EqualTo("echo ping"));
    }

    [Test]
    public async Task Connect_TlsToPlainServer_FailsSayingTheServerMayNotUseTls(CancellationToken cancellationToken)
    {
        await using var server = new TlsEchoServer(null, TimeSpan.FromSeconds(1));

        var ex = await RefusedAsync(server, new TlsOptions { Enabled = true, TrustedCertificatePath = _certificate.CrtPath }, cancellationToken, TimeSpan.FromSeconds(15));

        Assert.That(ex.Message, Does.StartWith($"TLS handshake with {server.Endpoint} failed: ").And.EndWith("Does the server's conf set tls?"));
        TestContext.Out.WriteLine(ex.Message);
    }

    private static async Task<TlsHandshakeException> RefusedAsync(TlsEchoServer server, TlsOptions tls, CancellationToken cancellationToken, TimeSpan? within = null)
    {
        try
        {
            await server.PingAsync(tls, cancellationToken).WaitAsync(within ?? Within.Limit, cancellationToken);
        }
        catch (TlsHandshakeException ex)
        {
            return ex;
        }

        Assert.Fail("the connect should have been refused");
        return null!;
    }
}
