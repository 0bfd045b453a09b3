using Serilog.Events;
using SimpleRpc.Protocol;

namespace SimpleRpc.ClientStub.Tests;

/// <summary>When a stub warns that its server runs without keys, and what it says.</summary>
[TestFixture]
[CancelAfter(10_000)]
public sealed class OpenServerNoticeTests
{
    private const string Endpoint = "127.0.0.1:5000";

    [TestCase(true)]
    [TestCase(false)]
    public void WarnIfOpen_NoKeyAndARole_WarnsThatTheStubHasNoKey(bool open)
    {
        var (log, sink) = CollectingSink.CreateLogger();

        Assert.That(OpenServerNotice.WarnIfOpen(null, Endpoint, ClientRole.Admin, open, log), Is.True);

        var warning = sink.Events.Single();
        Assert.That(warning.Level, Is.EqualTo(LogEventLevel.Warning));
        Assert.That(warning.RenderMessage(), Does.Contain("127.0.0.1:5000\" runs without keys: this stub has no key and got the \"admin\" role").And.Contain("simplerpc-server init"));
    }

    [Test]
    public void WarnIfOpen_KeyOnOpenServer_WarnsThatTheKeyWasNotChecked()
    {
        var (log, sink) = CollectingSink.CreateLogger();

        Assert.That(OpenServerNotice.WarnIfOpen("a-key-of-sixteen-chars", Endpoint, ClientRole.Admin, open: true, log), Is.True);

        var warning = sink.Events.Single();
        Assert.That(warning.Level, Is.EqualTo(LogEventLevel.Warning));
        Assert.That(warning.RenderMessage(), Does.Contain("runs without keys: the key was not checked, and this stub got the \"admin\" role").And.Contain("simplerpc-server init"));
        Assert.That(warning.RenderMessage(), Does.Not.Contain("a-key-of-sixteen-chars"), "a key is never logged");
    }

    [Test]
    public void WarnIfOpen_KeyOnServerWithKeys_SaysNothing()
    {
        var (log, sink) = CollectingSink.CreateLogger();

        Assert.That(OpenServerNotice.WarnIfOpen("a-key-of-sixteen-chars", Endpoint, ClientRole.Admin, open: false, log), Is.False);
        Assert.That(sink.Events, Is.Empty);
    }

    [TestCase(null, true)]
    [TestCase("a-key-of-sixteen-chars", true)]
    public void WarnIfOpen_NoHelloAnswered_SaysNothing(string? key, bool open)
    {
        var (log, sink) = CollectingSink.CreateLogger();

        Assert.That(OpenServerNotice.WarnIfOpen(key, Endpoint, role: null, open, log), Is.False);
        Assert.That(sink.Events, Is.Empty);
    }
}
