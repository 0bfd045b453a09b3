using Serilog;
using SimpleRpc.ClientStub.Link;
using SimpleRpc.ClientStub.Proxies;

namespace SimpleRpc.ClientStub.Tests.Link;

[CancelAfter(10_000)]
public sealed class ServerLinkTests
{
    [Test]
    public async Task Endpoints_ServersSet_ReplaceServerAndStartWithTheFirst()
    {
        var options = new StubOptions { Server = "127.0.0.1:1", Servers = ["127.0.0.1:2", "127.0.0.1:3"] };
        await using var link = new ServerLink(options, new ProxyFolder(Path.GetTempPath()), new LoggerConfiguration().CreateLogger());

        Assert.That(link.Endpoints, Is.EqualTo(new[] { "127.0.0.1:2", "127.0.0.1:3" }));
        Assert.That(link.Endpoint, Is.EqualTo("127.0.0.1:2"));
    }

    [Test]
    public async Task Endpoints_NoServers_AreTheServer()
    {
        var options = new StubOptions { Server = "127.0.0.1:1", Servers = [] };
        await using var link = new ServerLink(options, new ProxyFolder(Path.GetTempPath()), new LoggerConfiguration().CreateLogger());

        Assert.That(link.Endpoints, Is.EqualTo(new[] { "127.0.0.1:1" }));
        Assert.That(link.Endpoint, Is.EqualTo("127.0.0.1:1"));
    }
}
