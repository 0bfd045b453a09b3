using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Hosting.Logging;

namespace SimpleRpc.Hosting.Tests.Logging;

[CancelAfter(10_000)]
public sealed class LoggingOptionsTests
{
    [Test]
    public void Resolve_FlatKeysOnly_AreTheLevelAndAJsonFile()
    {
        var resolved = LoggingOptions.Resolve(null, new FlatLogOptions { LogLevel = "Debug", LogFile = "logs/s.log" }, false, false);

        Assert.Multiple(() =>
        {
            Assert.That(resolved.Level, Is.EqualTo("Debug"));
            Assert.That(resolved.Console, Is.True);
            Assert.That(resolved.File?.Path, Is.EqualTo("logs/s.log"));
            Assert.That(resolved.File?.Format, Is.EqualTo("json"));
            Assert.That(resolved.File?.RollingInterval, Is.EqualTo("Infinite"));
        });
    }

    [Test]
    public void Resolve_NoFileAnywhere_HasNoFile()
    {
        var resolved = LoggingOptions.Resolve(new LoggingOptions { Console = false }, new FlatLogOptions(), false, false);

        Assert.Multiple(() =>
        {
            Assert.That(resolved.File, Is.Null);
            Assert.That(resolved.Console, Is.False);
            Assert.That(resolved.Level, Is.EqualTo("Information"));
        });
    }

    [Test]
    public void Resolve_SectionAndFlatKeys_SectionWins()
    {
        var section = new LoggingOptions { Level = "Warning", File = new LogFileOptions { Path = "section.log", Format = "compact", RollingInterval = "Day" } };

        var resolved = LoggingOptions.Resolve(section, new FlatLogOptions { LogLevel = "Debug", LogFile = "flat.log" }, false, false);

        Assert.Multiple(() =>
        {
            Assert.That(resolved.Level, Is.EqualTo("Warning"));
            Assert.That(resolved.File?.Path, Is.EqualTo("section.log"));
            Assert.That(resolved.File?.Format, Is.EqualTo("compact"));
            Assert.That(resolved.File?.RollingInterval, Is.EqualTo("Day"));
        });
    }

    [Test]
    public void Resolve_CommandLineGiven_WinsOverTheSectionAndKeepsItsFileSettings()
    {
        var section = new LoggingOptions { Level = "Warning", File = new LogFileOptions { Path = "section.log", Format = "text" } };

        var resolved = LoggingOptions.Resolve(section, new FlatLogOptions { LogLevel = "Verbose", LogFile = "cli.log" }, true, true);

        Assert.Multiple(() =>
        {
            Assert.That(resolved.Level, Is.EqualTo("Verbose"));
            Assert.That(resolved.File?.Path, Is.EqualTo("cli.log"));
            Assert.That(resolved.File?.Format, Is.EqualTo("text"));
        });
    }

    [TestCase("Loud", null, null, null, "logging.level")]
    [TestCase(null, "Sometimes", null, null, "rollingInterval")]
    [TestCase(null, null, "xml", null, "format")]
    [TestCase(null, null, null, 0, "retainedFileCountLimit")]
    public void Resolve_BadValue_ThrowsConfExceptionNamingTheKey(string? level, string? interval, string? format, int? retained, string key)
    {
        var file = new LogFileOptions { Path = "x.log", RollingInterval = interval ?? "Infinite", Format = format ?? "json", RetainedFileCountLimit = retained ?? 31 };
        var section = new LoggingOptions { Level = level, File = file };

        Assert.That(() => LoggingOptions.Resolve(section, new FlatLogOptions(), false, false), Throws.TypeOf<ConfException>().With.Message.Contains(key));
    }

    [Test]
    public void Resolve_BadOverrideLevel_ThrowsConfExceptionNamingTheSource()
    {
        var section = new LoggingOptions { Overrides = new LogLevelOverrides { ["SimpleRpc.Server"] = "Chatty" } };

        Assert.That(() => LoggingOptions.Resolve(section, new FlatLogOptions(), false, false), Throws.TypeOf<ConfException>().With.Message.Contains("logging.overrides.SimpleRpc.Server"));
    }
}
