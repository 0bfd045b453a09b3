using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.Hosting.Tests.Configuration;

[CancelAfter(10_000)]
public sealed class CommandLineTests
{
    private static readonly string[] Descriptions = ["Show this help and exit.", "Conf file name or path.", "Start the console shell.", "The server's endpoint."];

    private static CommandLine Create() => new CommandLine("simplerpc-stub", "A SimpleRpc client stub.")
        .Add("conf", "c", "name", "Conf file name or path.")
        .Add("shell", null, null, "Start the console shell.")
        .Add("server", "s", "host:port", "The server's endpoint.");

    [Test]
    public void Parse_NoArgs_ReturnsEmpty()
    {
        Assert.That(Create().Parse([]), Is.Empty);
    }

    [Test]
    public void Parse_Flag_IsTrue()
    {
        Assert.That(Create().Parse(["--shell"]), Is.EqualTo(new Dictionary<string, string> { ["shell"] = "true" }));
    }

    [Test]
    public void Parse_FlagWithInlineValue_KeepsValue()
    {
        Assert.That(Create().Parse(["--shell=false"])["shell"], Is.EqualTo("false"));
    }

    [Test]
    public void Parse_ValueAsNextArg_IsRead()
    {
        var values = Create().Parse(["--conf", "conf2", "--server", "127.0.0.1:5050"]);

        Assert.That(values, Is.EqualTo(new Dictionary<string, string> { ["conf"] = "conf2", ["server"] = "127.0.0.1:5050" }));
    }

    [Test]
    public void Parse_InlineValue_IsReadAndMayContainEquals()
    {
        var values = Create().Parse(["--conf=a=b", "--server=[::1]:5050"]);

        Assert.That(values["conf"], Is.EqualTo("a=b"));
        Assert.That(values["server"], Is.EqualTo("[::1]:5050"));
    }

    [Test]
    public void Parse_Alias_MapsToOptionName()
    {
        var values = Create().Parse(["-c", "conf3", "-s", "5050", "-h"]);

        Assert.That(values, Is.EqualTo(new Dictionary<string, string> { ["conf"] = "conf3", ["server"] = "5050", ["help"] = "true" }));
    }

    [Test]
    public void Parse_RepeatedOption_LastWins()
    {
        Assert.That(Create().Parse(["-c", "one", "--conf", "two"])["conf"], Is.EqualTo("two"));
    }

    [TestCase("--bogus")]
    [TestCase("-x")]
    [TestCase("conf2")]
    [TestCase("--Conf")]
    [TestCase("-conf")]
    public void Parse_UnknownOption_ThrowsNamingIt(string arg)
    {
        var ex = Assert.Throws<ConfException>(() => Create().Parse([arg, "value"]));

        Assert.That(ex.Message, Does.Contain(arg));
    }

    [TestCase("--conf")]
    [TestCase("-c")]
    public void Parse_MissingValue_ThrowsNamingValue(string arg)
    {
        var ex = Assert.Throws<ConfException>(() => Create().Parse(["--shell", arg]));

        Assert.That(ex.Message, Does.Contain(arg).And.Contain("name"));
    }

    [Test]
    public void HelpText_ListsEveryOptionWithAliasValueAndDescription()
    {
        var help = Create().HelpText();

        Assert.Multiple(() =>
        {
            Assert.That(help, Does.StartWith("A SimpleRpc client stub."));
            Assert.That(help, Does.Contain("Usage: simplerpc-stub [options]"));
            Assert.That(help, Does.Contain("-h, --help"));
            Assert.That(help, Does.Contain("-c, --conf <name>"));
            Assert.That(help, Does.Contain("--shell"));
            Assert.That(help, Does.Contain("-s, --server <host:port>"));
            foreach (var description in Descriptions)
            {
                Assert.That(help, Does.Contain(description));
            }
        });
    }

    [Test]
    public void HelpText_DescriptionsStartInOneColumn()
    {
        var lines = Create().HelpText().Split('\n');

        var columns = Descriptions.Select(d => lines.Single(line => line.Contains(d, StringComparison.Ordinal)).IndexOf(d, StringComparison.Ordinal)).Distinct();

        Assert.That(columns.Count(), Is.EqualTo(1));
    }
}
