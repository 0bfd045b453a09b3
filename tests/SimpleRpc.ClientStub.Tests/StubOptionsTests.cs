using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.ClientStub.Tests;

[TestFixture]
public class StubOptionsTests
{
    [Test]
    public void Validate_Defaults_Pass() => Assert.DoesNotThrow(() => new StubOptions().Validate());

    [TestCase("heartbeatSeconds", 0, 10)]
    [TestCase("heartbeatTimeoutSeconds", 10, 0)]
    public void Validate_HeartbeatBelowOne_ThrowsNamingKey(string key, int heartbeat, int timeout)
    {
        var options = new StubOptions { HeartbeatSeconds = heartbeat, HeartbeatTimeoutSeconds = timeout };
        Assert.That(() => options.Validate(), Throws.TypeOf<ConfException>().With.Message.StartsWith(key + " is 0; it must be at least 1."));
    }

    [TestCase(0)]
    [TestCase(StubOptions.MaxUploadWindow + 1)]
    public void Validate_UploadWindowOutOfRange_ThrowsNamingKey(int window)
    {
        var options = new StubOptions { UploadWindow = window };
        Assert.That(() => options.Validate(), Throws.TypeOf<ConfException>().With.Message.StartsWith($"uploadWindow is {window}; it must be 1 to {StubOptions.MaxUploadWindow}."));
    }

    [TestCase(-1)]
    [TestCase(SimpleRpc.Rpc.JsonRpcConnectionOptions.MaxReadSpinMicroseconds + 1)]
    public void Validate_ReadSpinOutOfRange_ThrowsNamingKey(int spin) =>
        Assert.That(
            () => new StubOptions { ReadSpinMicroseconds = spin }.Validate(),
            Throws.TypeOf<ConfException>().With.Message.StartsWith($"readSpinMicroseconds is {spin}; it must be 0 (no spin) to {SimpleRpc.Rpc.JsonRpcConnectionOptions.MaxReadSpinMicroseconds}."));

    [TestCase(0)]
    [TestCase(75)]
    public void ConnectionOptions_ReadSpin_CarriesTheConfsMicroseconds(int spin) =>
        Assert.That(new StubOptions { ReadSpinMicroseconds = spin }.ConnectionOptions.ReadSpin, Is.EqualTo(TimeSpan.FromMicroseconds(spin)));

    [Test]
    public void Validate_ChunkBytesZero_ThrowsNamingKey() =>
        Assert.That(() => new StubOptions { ChunkBytes = 0 }.Validate(), Throws.TypeOf<ConfException>().With.Message.StartsWith("chunkBytes is 0"));
}
