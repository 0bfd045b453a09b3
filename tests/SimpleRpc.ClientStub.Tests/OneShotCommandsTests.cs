using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.ClientStub.Tests;

/// <summary>How <c>simplerpc-stub register|unregister|modules|call …</c> become the console line they run.</summary>
[TestFixture]
[CancelAfter(10_000)]
public sealed class OneShotCommandsTests
{
    [TestCase(new[] { "z.Add", "1", "2" }, "z.Add(1, 2)")]
    [TestCase(new[] { "z.Add(1, 2 * 3)" }, "z.Add(1, 2 * 3)")]
    [TestCase(new[] { "z.Now" }, "z.Now()")]
    [TestCase(new[] { "z.Greet", "\"bob\"" }, "z.Greet(\"bob\")")]
    public void CallText_Words_ConsoleCallForm(string[] words, string expected) =>
        Assert.That(OneShotCommands.CallText(words), Is.EqualTo(expected));

    [TestCase(new[] { "register", "m.cs", "--breaking", "--server", "h:1" }, "register m.cs --breaking")]
    [TestCase(new[] { "--insecure", "unregister", "z" }, "unregister z")]
    [TestCase(new[] { "modules", "--json" }, "modules --json")]
    [TestCase(new[] { "modules" }, "modules")]
    [TestCase(new[] { "call", "z.Add", "1", "2", "-n", "ci" }, "call z.Add(1, 2, -n, ci)")]
    [TestCase(new[] { "-n", "ci", "call", "z.Add", "1", "2" }, "call z.Add(1, 2)")]
    [TestCase(new[] { "call", "-n", "ci", "z.Add", "1", "2" }, "call z.Add(1, 2)")]
    [TestCase(new[] { "call", "z.Add", "--", "-1", "2" }, "call z.Add(-1, 2)")]
    [TestCase(new[] { "call", "z.Add", "1", "-h" }, "call z.Add(1, -h)")]
    [TestCase(new[] { "call", "z.Greet", "--version" }, "call z.Greet(--version)")]
    [TestCase(new[] { "--name", "alpha" }, null)]
    [TestCase(new[] { "call", "z.Add", "-1", "2" }, "call z.Add(-1, 2)")]
    [TestCase(new[] { "call", "z.Add", "-1.5", "-2" }, "call z.Add(-1.5, -2)")]
    [TestCase(new[] { "call", "z.Add", "1", "-c" }, "call z.Add(1, -c)")]
    [TestCase(new[] { "call", "z.Add", "-s", "-n" }, "call z.Add(-s, -n)")]
    [TestCase(new[] { "call", "z.Add", "-x" }, "call z.Add(-x)")]
    public void LineOf_CommandLine_ConsoleLineOrNullForTheStub(string[] args, string? expected) =>
        Assert.That(OneShotCommands.LineOf(StubCommandLine().ParseResult(args)), Is.EqualTo(expected));

    [TestCase(new[] { "-n", "ci", "call", "z.Add", "1" }, "ci")]
    [TestCase(new[] { "call", "--name=ci", "z.Add", "1" }, "ci")]
    [TestCase(new[] { "--name", "call", "call", "z.Add", "-n", "x" }, "call")]
    public void ParseResult_OptionsBeforeTheFunction_AreTheStubsOptions(string[] args, string name)
    {
        var commandLine = StubCommandLine();
        Assert.That(commandLine.Values(commandLine.ParseResult(args))["name"], Is.EqualTo(name));
    }

    [Test]
    public void CallHintOf_OptionAfterTheFunction_SaysOptionsGoBeforeIt() =>
        Assert.That(OneShotCommands.CallHintOf(StubCommandLine().ParseResult(["call", "z.Add", "1", "2", "--server", "h:1"])),
            Does.Contain("--server").And.Contain("options go before the function"));

    [TestCase(new object[] { new[] { "call", "z.Add", "-1", "2" } })]
    [TestCase(new object[] { new[] { "-s", "h:1", "call", "z.Add", "1" } })]
    [TestCase(new object[] { new[] { "modules", "--json" } })]
    public void CallHintOf_NoOptionAfterTheFunction_IsNull(string[] args) =>
        Assert.That(OneShotCommands.CallHintOf(StubCommandLine().ParseResult(args)), Is.Null);

    [Test]
    public void ParseResult_RegisterWithoutPath_IsAnError() =>
        Assert.Throws<ConfException>(() => StubCommandLine().ParseResult(["register"]));

    // A stub command line as its Program builds it (fewer options), built once as the program does:
    // the subcommands are static, and a second root they were added to would own their recursive options.
    private static readonly Lazy<CommandLine> Stub = new(CreateStubCommandLine);

    private static CommandLine StubCommandLine() => Stub.Value;

    private static CommandLine CreateStubCommandLine()
    {
        var commandLine = ProcessStartup.CreateCommandLine("simplerpc-stub", "test", "default")
            .Add("name", "n", "name", "Client name.")
            .Add("server", "s", "host:port", "Server.");
        OneShotCommands.AddTo(commandLine);
        return commandLine;
    }
}
