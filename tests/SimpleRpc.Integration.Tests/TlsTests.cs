using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// The stub ⇄ server link over TLS with real processes: the server's conf names a PFX made in
/// the test, stubs trust its certificate through their conf (or --tls-trust); the app port stays plain.
/// </summary>
[TestFixture]
[NonParallelizable]
public class TlsTests
{
    private TestCertificate _certificate = null!;
    private Cluster _cluster = null!;
    private string _publisherKey = null!;

    [OneTimeSetUp]
    public async Task StartTlsCluster()
    {
        _certificate = TestCertificate.Create();
        _publisherKey = (string)JObject.Parse(File.ReadAllText(Path.Combine(Cluster.RepoRoot, "conf", "default.json")))["key"]!;
        _cluster = await Cluster.StartAsync(conf => conf["tls"] = new JObject
        {
            ["certificatePath"] = _certificate.PfxPath,
            ["certificatePassword"] = _certificate.Password,
        });
    }

    [OneTimeTearDown]
    public async Task StopTlsCluster()
    {
        await _cluster.DisposeAsync();
        _certificate.Dispose();
    }

    // A stub conf in the test's work dir: the default conf's key, plus tls.
    private string WriteStubConf(string name, JObject tls)
    {
        var path = Path.Combine(_cluster.WorkDir, name + ".json");
        File.WriteAllText(path, new JObject { ["name"] = name, ["key"] = _publisherKey, ["tls"] = tls }.ToString());
        return path;
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Walkthrough_OverTls_RegistersZFromConsoleAndCallsAddThroughPlainAppPort(CancellationToken cancellationToken)
    {
        var conf = WriteStubConf("tls-alpha", new JObject { ["enabled"] = true, ["trustedCertificatePath"] = _certificate.CrtPath });
        var stub = await _cluster.StartStubAsync("tls-alpha", extraArgs: ["-c", conf]);

        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v"));
        await stub.Process.WaitForLineAsync(@"Proxy z v\d+ written", Cluster.StepTimeout);
        using var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken);
        await app.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"z.Add","params":[1,2]}""", cancellationToken);
        var reply = await app.ReplyToAsync(1, cancellationToken);

        Assert.That((int)reply["result"]!, Is.EqualTo(3), reply.ToString());
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Stub_TlsTrustOnCommandLine_Connects()
    {
        var stub = await _cluster.StartStubAsync("tls-cli", extraArgs: ["--key", _publisherKey, "--tls-trust", _certificate.CerPath]);

        Assert.That(stub.Name, Is.EqualTo("tls-cli"));
        await stub.Process.WaitForLineAsync(@"TLS to \S+: Tls1[23], server certificate CN=SimpleRpc test server", Cluster.StepTimeout);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Stub_TlsWithoutTrust_ExitsNamingTheUntrustedCertificate()
    {
        var conf = WriteStubConf("tls-untrusting", new JObject { ["enabled"] = true });
        var stub = await _cluster.StartStubAsync("tls-untrusting", shell: false, waitReady: false, extraArgs: ["-c", conf]);

        Assert.That(await stub.Process.WaitForExitAsync(Cluster.StepTimeout), Is.EqualTo(1));
        Assert.That(stub.Process.Lines, Has.Some.Match(@"^error: cannot reach the server at \S+: TLS handshake with \S+ failed: the server's certificate 'CN=SimpleRpc test server' .* is not trusted \(SslPolicyErrors: RemoteCertificateChainErrors; chain status: UntrustedRoot"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task PlainPeer_AgainstTlsServer_ClosedAndLoggedWithItsAddress(CancellationToken cancellationToken)
    {
        var mark = _cluster.Server.LineCount;
        using var peer = await JsonLinePeer.ConnectAsync(_cluster.ServerEndpoint, cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"simplerpc/hello","params":{"name":"plain","version":1}}""", cancellationToken);

        Assert.That(async () => await peer.ReplyToAsync(1, cancellationToken), Throws.InstanceOf<IOException>(), "no reply: the server closed the connection");
        await _cluster.Server.WaitForLineAsync(@"TLS handshake with ""?127\.0\.0\.1:\d+""? failed, connection closed", Cluster.StepTimeout, mark);
    }
}
