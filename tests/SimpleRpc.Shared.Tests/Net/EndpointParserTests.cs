using System.Net;
using SimpleRpc.Net;

namespace SimpleRpc.Shared.Tests.Net;

[CancelAfter(10_000)]
public sealed class EndpointParserTests
{
    [TestCase("127.0.0.1:5050", "127.0.0.1", 5050)]
    [TestCase("localhost:5050", "localhost", 5050)]
    [TestCase("server.example.com:80", "server.example.com", 80)]
    [TestCase("  10.0.0.2:65535  ", "10.0.0.2", 65535)]
    [TestCase("[::1]:5050", "::1", 5050)]
    [TestCase("[fe80::1]:1", "fe80::1", 1)]
    public void Parse_HostAndPort_SplitsThem(string text, string host, int port)
    {
        Assert.That(EndpointParser.Parse(text), Is.EqualTo((host, port)));
    }

    [TestCase("5050", 5050)]
    [TestCase("0", 0)]
    public void Parse_BarePort_MeansLoopback(string text, int port)
    {
        Assert.That(EndpointParser.Parse(text), Is.EqualTo(("127.0.0.1", port)));
    }

    [TestCase("127.0.0.1:0", "127.0.0.1")]
    [TestCase("localhost:0", "localhost")]
    [TestCase("[::1]:0", "::1")]
    public void Parse_PortZero_IsAllowed(string text, string host)
    {
        Assert.That(EndpointParser.Parse(text), Is.EqualTo((host, 0)));
    }

    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("host:")]
    [TestCase(":5050")]
    [TestCase("host:port")]
    [TestCase("host:-1")]
    [TestCase("host:65536")]
    [TestCase("70000")]
    [TestCase("1.2.3.4")]
    [TestCase("host:50 50")]
    public void Parse_Garbage_ThrowsFormatException(string text)
    {
        Assert.That(() => EndpointParser.Parse(text), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void Parse_Null_ThrowsArgumentNull()
    {
        Assert.That(() => EndpointParser.Parse(null!), Throws.ArgumentNullException);
    }

    [Test]
    public void Format_ThenParse_RoundTrips()
    {
        var endpoint = new IPEndPoint(IPAddress.IPv6Loopback, 6000);

        Assert.That(EndpointParser.Parse(EndpointParser.Format(endpoint)), Is.EqualTo(("::1", 6000)));
    }
}
