using System.Collections;
using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.Hosting.Tests.Configuration;

[CancelAfter(10_000)]
public sealed class ProcessStartupTests
{
    private static readonly OptionKey[] Keys = [new("port", "port"), new("trust", "tls:enabled", "true"), new("trust", "tls:path")];

    [Test]
    public void Bind_OptionWithTwoKeys_SetsItsValueAndTheFixedOne()
    {
        var conf = ProcessStartup.Bind<Sample>(new Dictionary<string, string> { ["trust"] = "ca.crt", ["conf-dir"] = Path.GetTempPath() }, "no-such-conf-" + Guid.NewGuid().ToString("N"), Keys, new Hashtable());

        Assert.That((conf.Tls?.Enabled, conf.Tls?.Path), Is.EqualTo(((bool?)true, "ca.crt")));
    }

    [Test]
    public void Bind_SharedOptions_MapToTheirKeys()
    {
        var conf = ProcessStartup.Bind<Sample>(new Dictionary<string, string> { ["shell"] = "true", ["log-level"] = "Debug", ["insecure"] = "true", ["conf-dir"] = Path.GetTempPath() }, "no-such-conf-" + Guid.NewGuid().ToString("N"), Keys, new Hashtable());

        Assert.That((conf.Shell, conf.LogLevel, conf.Insecure), Is.EqualTo((true, "Debug", true)));
    }

    [Test]
    public void Bind_CommandLineOverEnvironment_CommandLineWins()
    {
        var environment = new Hashtable { ["SIMPLERPC_PORT"] = "7", ["SIMPLERPC_LOGLEVEL"] = "Warning" };

        var conf = ProcessStartup.Bind<Sample>(new Dictionary<string, string> { ["port"] = "9", ["conf-dir"] = Path.GetTempPath() }, "no-such-conf-" + Guid.NewGuid().ToString("N"), Keys, environment);

        Assert.That((conf.Port, conf.LogLevel), Is.EqualTo((9, "Warning")));
    }

    public sealed class Sample : IProcessOptions
    {
        public bool Shell { get; set; }

        public string LogLevel { get; set; } = "Information";

        public string? LogFile { get; set; }

        public bool Insecure { get; set; }

        public int Port { get; set; }

        public SampleTls? Tls { get; set; }
    }

    public sealed class SampleTls
    {
        public bool Enabled { get; set; }

        public string? Path { get; set; }
    }
}
