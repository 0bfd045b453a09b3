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
    [TestCase(new[] { "call", "z.Add", "1", "2", "-n", "ci" }, "call z.Add(1, 2)")]
    [TestCase(new[] { "--name", "alpha" }, null)]
    public void LineOf_CommandLine_ConsoleLineOrNullForTheStub(string[] args, string? expected) =>
        Assert.That(OneShotCommands.LineOf(StubCommandLine().ParseResult(args)), Is.EqualTo(expected));

    [Test]
    public void ParseResult_RegisterWithoutPath_IsAnError() =>
        Assert.Throws<ConfException>(() => StubCommandLine().ParseResult(["register"]));

    // A stub command line as its Program builds it (fewer options).
    private static CommandLine StubCommandLine()
    {
        var commandLine = ProcessStartup.CreateCommandLine("simplerpc-stub", "test", "default")
            .Add("name", "n", "name", "Client name.")
            .Add("server", "s", "host:port", "Server.");
        OneShotCommands.AddTo(commandLine);
        return commandLine;
    }
}
