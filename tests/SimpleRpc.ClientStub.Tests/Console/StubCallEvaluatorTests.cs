using Serilog.Core;
using SimpleRpc.ClientStub.Console;
using SimpleRpc.ClientStub.Link;
using SimpleRpc.ClientStub.Proxies;
using SimpleRpc.ConsoleScripting;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Tests.Console;

/// <summary>The stub's side of `call` before anything reaches the server (the rest runs in the integration tests).</summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class StubCallEvaluatorTests
{
    private string _proxyDir = null!;
    private ServerLink _link = null!;

    [SetUp]
    public void CreateUnconnectedLink()
    {
        _proxyDir = Directory.CreateTempSubdirectory("simplerpc-stubcall-").FullName;
        _link = new ServerLink(new StubOptions { Name = "test" }, new ProxyFolder(_proxyDir), Logger.None);
    }

    [TearDown]
    public async Task DisposeLink()
    {
        await _link.DisposeAsync();
        Directory.Delete(_proxyDir, recursive: true);
    }

    [Test]
    public void CallAsync_NotConnected_ThrowsServerUnavailableAfterEvaluating() =>
        Assert.That(() => new StubCallEvaluator(_link).CallAsync("z.Add(1, 2 * 3)", CancellationToken.None),
            Throws.TypeOf<RpcException>().With.Property(nameof(RpcException.Code)).EqualTo(RpcErrorCodes.ServerUnavailable).And.Message.EqualTo("Not connected to the server."));

    [Test]
    public void CallAsync_NotACall_ThrowsUsageBeforeTouchingTheLink() =>
        Assert.That(() => new StubCallEvaluator(_link).CallAsync("z.Add 1 2", CancellationToken.None),
            Throws.TypeOf<FormatException>().With.Message.EqualTo(ConsoleCallScript.Usage));

    [Test]
    public void CallAsync_InvalidArguments_ThrowsCompilerMessage() =>
        Assert.That(() => new StubCallEvaluator(_link).CallAsync("z.Add(1, +)", CancellationToken.None),
            Throws.TypeOf<FormatException>().With.Message.StartsWith("The arguments are not valid C#: "));
}
