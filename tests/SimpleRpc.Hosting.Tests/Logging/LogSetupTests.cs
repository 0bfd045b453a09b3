using Newtonsoft.Json.Linq;
using Serilog.Core;
using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Hosting.Logging;

namespace SimpleRpc.Hosting.Tests.Logging;

/// <summary>The <c>logging</c> conf section, read as a conf file is read, writes real files.</summary>
[CancelAfter(10_000)]
public sealed class LogSetupTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("simplerpc-log-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void CreateLogger_RollingDailyCompactFile_WritesCompactJsonToTheDaysFile()
    {
        var options = Load($$"""{ "console": false, "file": { "path": {{JValue(Path.Combine(_dir, "app.log"))}}, "rollingInterval": "Day", "retainedFileCountLimit": 7, "format": "compact" } }""");

        using (var logger = LogSetup.CreateLogger("test", options))
        {
            logger.ForContext(Constants.SourceContextPropertyName, "SimpleRpc.Tests").Information("Compiled {ModuleName} v{ModuleVersion}", "z", 3);
            logger.Warning("Careful");
        }

        var file = Directory.GetFiles(_dir).Single();
        var lines = File.ReadAllLines(file).Select(JObject.Parse).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(file), Does.Match(@"^app\d{8}\.log$"), "the day goes before the extension");
            Assert.That(lines, Has.Count.EqualTo(2));
            Assert.That(lines[0]["@t"], Is.Not.Null);
            Assert.That((string?)lines[0]["@mt"], Is.EqualTo("Compiled {ModuleName} v{ModuleVersion}"));
            Assert.That((string?)lines[0]["ModuleName"], Is.EqualTo("z"));
            Assert.That((int?)lines[0]["ModuleVersion"], Is.EqualTo(3));
            Assert.That((string?)lines[0]["App"], Is.EqualTo("test"));
            Assert.That((string?)lines[0]["SourceContext"], Is.EqualTo("SimpleRpc.Tests"));
            Assert.That(lines[0]["@l"], Is.Null, "compact JSON leaves out the Information level");
            Assert.That((string?)lines[1]["@l"], Is.EqualTo("Warning"));
        });
    }

    [Test]
    public void CreateLogger_LevelAndOverrides_KeepOnlyWhatTheyAllow()
    {
        var options = Load($$"""{ "level": "Information", "overrides": { "Noisy": "Error" }, "console": false, "file": { "path": {{JValue(Path.Combine(_dir, "app.log"))}} } }""");

        using (var logger = LogSetup.CreateLogger("test", options))
        {
            var noisy = logger.ForContext(Constants.SourceContextPropertyName, "Noisy.Part");
            var other = logger.ForContext(Constants.SourceContextPropertyName, "Other");
            other.Debug("dropped debug");
            other.Information("kept information");
            noisy.Warning("dropped warning");
            noisy.Error("kept error");
        }

        var messages = File.ReadAllLines(Path.Combine(_dir, "app.log")).Select(line => (string?)JObject.Parse(line)["RenderedMessage"]);
        Assert.That(messages, Is.EqualTo(new[] { "kept information", "kept error" }));
    }

    [Test]
    public void CreateLogger_TextFormat_WritesReadableLines()
    {
        var options = Load($$"""{ "console": false, "file": { "path": {{JValue(Path.Combine(_dir, "app.txt"))}}, "format": "text" } }""");

        using (var logger = LogSetup.CreateLogger("test", options))
        {
            logger.Information("Server listening on {Endpoint}", "127.0.0.1:5050");
        }

        Assert.That(File.ReadAllText(Path.Combine(_dir, "app.txt")), Does.Contain("[INF]").And.Contain("Server listening on 127.0.0.1:5050"));
    }

    [Test]
    public void Load_UnknownKeyInLogging_IsAConfError()
    {
        Assert.That(() => Load("""{ "levle": "Debug" }"""), Throws.TypeOf<ConfException>().With.Message.Contains("levle"));
    }

    // The section as a conf file holds it: same loader (camelCase, unknown keys refused), then resolved.
    private LoggingOptions Load(string json)
    {
        var path = Path.Combine(_dir, "logging.json");
        File.WriteAllText(path, json);
        var section = ConfLoader.Load<LoggingOptions>(path);
        File.Delete(path);
        return LoggingOptions.Resolve(section, new FlatLogOptions(), false, false);
    }

    private static string JValue(string text) => new JValue(text).ToString(Newtonsoft.Json.Formatting.None);
}
