using System.Net.Sockets;
using Serilog.Events;
using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Hosting.Net;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Hosting.Tests.Net;

/// <summary>The server side of TLS: the handshake in <see cref="TcpAcceptor"/>, over real loopback sockets.</summary>
[CancelAfter(30_000)]
public sealed class TcpAcceptorTlsTests
{
    private TestCertificate _certificate = null!;

    [OneTimeSetUp]
    public void MakeCertificate() => _certificate = TestCertificate.Create();

    [OneTimeTearDown]
    public void DeleteCertificate() => _certificate.Dispose();

    private TlsOptions Trusting(string path) => new() { Enabled = true, TrustedCertificatePath = path };

    [TestCase("crt")]
    [TestCase("cer")]
    public async Task RoundTrip_OverTlsWithTrustedSelfSignedCertificate_ReplyArrives(string trustFile, CancellationToken cancellationToken)
    {
        await using var server = TlsEchoServer.Start(_certificate);

        var reply = await server.PingAsync(Trusting(trustFile == "crt" ? _certificate.CrtPath : _certificate.CerPath), cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(reply, Is.EqualTo("echo ping"));
    }

    [Test]
    public async Task RoundTrip_ServerNameLocalhost_MatchesDnsName(CancellationToken cancellationToken)
    {
        await using var server = TlsEchoServer.Start(_certificate);
        var tls = Trusting(_certificate.CrtPath);
        tls.ServerName = "localhost";

        Assert.That(await server.PingAsync(tls, cancellationToken).WaitAsync(Within.Limit, cancellationToken), Is.EqualTo("echo ping"));
    }

    [Test]
    public async Task PlainClient_AgainstTlsServer_FailsAtHandshakeAndServerKeepsAccepting(CancellationToken cancellationToken)
    {
        await using var server = TlsEchoServer.Start(_certificate);

        var plain = async () => await server.PingAsync(null, cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(plain, Throws.InstanceOf<RpcException>().With.Property(nameof(RpcException.Code)).EqualTo(RpcErrorCodes.ConnectionLost));
        var warning = await server.Sink.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("TLS handshake with", StringComparison.Ordinal)).WaitAsync(Within.Limit, cancellationToken);
        Assert.That(warning.Level, Is.EqualTo(LogEventLevel.Warning));
        Assert.That(warning.Properties["Peer"].ToString(), Does.Contain("127.0.0.1:"));
        Assert.That(await server.PingAsync(Trusting(_certificate.CrtPath), cancellationToken).WaitAsync(Within.Limit, cancellationToken), Is.EqualTo("echo ping"), "the accept loop is still running");
    }

    [Test]
    public async Task Handshake_SilentClient_DoesNotBlockOthersAndTimesOut(CancellationToken cancellationToken)
    {
        await using var server = TlsEchoServer.Start(_certificate, TimeSpan.FromSeconds(1));
        using var silent = new TcpClient();
        await silent.ConnectAsync(System.Net.IPAddress.Loopback, int.Parse(server.Endpoint.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

        Assert.That(await server.PingAsync(Trusting(_certificate.CrtPath), cancellationToken).WaitAsync(Within.Limit, cancellationToken), Is.EqualTo("echo ping"), "a client that never sends its hello does not hold up the next");
        var read = await silent.GetStream().ReadAsync(new byte[16], cancellationToken).AsTask().WaitAsync(Within.Limit, cancellationToken);
        Assert.That(read, Is.Zero, "the server closed the silent connection after the handshake timeout");
        var warning = await server.Sink.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("TLS handshake with", StringComparison.Ordinal)).WaitAsync(Within.Limit, cancellationToken);
        Assert.That(warning.Properties["Reason"].ToString(), Does.Contain("no handshake within 1 s"));
    }

    [Test]
    public void Ctor_TlsWithoutCertificatePath_ThrowsNamingTheKey()
    {
        Assert.That(
            () => new TcpAcceptor("127.0.0.1", 0, new JsonRpcConnectionOptions(), Serilog.Core.Logger.None, new TlsOptions(), TimeSpan.FromSeconds(1)),
            Throws.ArgumentException.With.Message.Contains("tls.certificatePath"));
    }

    [Test]
    public void Ctor_WrongPassword_ThrowsNamingTheFile()
    {
        var tls = new TlsOptions { CertificatePath = _certificate.PfxPath, CertificatePassword = "wrong" };

        Assert.That(
            () => new TcpAcceptor("127.0.0.1", 0, new JsonRpcConnectionOptions(), Serilog.Core.Logger.None, tls, TimeSpan.FromSeconds(1)),
            Throws.ArgumentException.With.Message.Contains(_certificate.PfxPath).And.Message.Contains("cannot be loaded"));
    }

    [Test]
    public void Ctor_CertificateWithoutPrivateKey_Throws()
    {
        var tls = new TlsOptions { CertificatePath = _certificate.CerPath };

        Assert.That(
            () => new TcpAcceptor("127.0.0.1", 0, new JsonRpcConnectionOptions(), Serilog.Core.Logger.None, tls, TimeSpan.FromSeconds(1)),
            Throws.ArgumentException.With.Message.Contains("tls.certificatePath"));
    }
}
