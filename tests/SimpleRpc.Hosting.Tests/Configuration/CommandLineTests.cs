using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.Hosting.Tests.Configuration;

[CancelAfter(10_000)]
public sealed class CommandLineTests
{
    private static readonly string[] Descriptions = ["Conf file name or path.", "Start the console shell.", "The server's endpoint."];

    private static CommandLine Create() => new CommandLine("simplerpc-stub", "A SimpleRpc client stub.")
        .Add("conf", "c", "name", "Conf file name or path.")
        .Add("shell", null, null, "Start the console shell.")
        .Add("server", "s", "host:port", "The server's endpoint.")
        .Add<int>("port", "p", "port", "The port.");

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

    [Test]
    public void Parse_RepeatedTypedOption_LastWins()
    {
        Assert.That(Create().Parse(["--port", "0", "-p", "5151"])["port"], Is.EqualTo("5151"));
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
    public void Parse_MissingValue_ThrowsNamingTheOption(string arg)
    {
        var ex = Assert.Throws<ConfException>(() => Create().Parse(["--shell", arg]));

        Assert.That(ex.Message, Does.Contain("'" + arg + "'"));
    }

    [Test]
    public void Parse_ValueOfTheWrongType_ThrowsNamingTheOptionAndTheValue()
    {
        var ex = Assert.Throws<ConfException>(() => Create().Parse(["--port", "abc"]));

        Assert.That(ex.Message, Does.Contain("'abc'").And.Contain("'--port'"));
    }

    [Test]
    public void Parse_TypedValue_IsReadInvariantly()
    {
        Assert.That(Create().Parse(["-p", "0"])["port"], Is.EqualTo("0"));
    }

    [TestCase("--prot", "'--port'")]
    [TestCase("--sever", "'--server'")]
    [TestCase("--shel", "'--shell'")]
    public void Parse_MisspeltOption_SuggestsTheNearestOne(string typo, string suggested)
    {
        var ex = Assert.Throws<ConfException>(() => Create().Parse([typo]));

        Assert.That(ex.Message, Does.Contain("Did you mean " + suggested + " instead of '" + typo + "'?"));
    }

    [Test]
    public void Parse_FarFromEveryOption_SuggestsNothing()
    {
        var ex = Assert.Throws<ConfException>(() => Create().Parse(["--completely-different"]));

        Assert.That(ex.Message, Does.Not.Contain("Did you mean"));
    }

    [Test]
    public void RunBuiltIn_NoHelpOrVersion_ReturnsFalse()
    {
        var commandLine = Create();

        Assert.That(commandLine.RunBuiltIn(commandLine.ParseResult(["--shell"])), Is.False);
    }

    [Test]
    public void HelpText_ListsEveryOptionWithAliasValueAndDescription()
    {
        var help = Create().HelpText();

        Assert.Multiple(() =>
        {
            Assert.That(help, Does.Contain("A SimpleRpc client stub."));
            Assert.That(help, Does.Contain("--version"));
            Assert.That(help, Does.Contain("Usage:\n  simplerpc-stub [options]"));
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
