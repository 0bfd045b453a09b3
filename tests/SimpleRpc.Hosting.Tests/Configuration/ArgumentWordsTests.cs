using System.CommandLine;
using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.Hosting.Tests.Configuration;

/// <summary>A command whose words after its first argument are all values (<c>call z.Add -1 --name</c>).</summary>
[CancelAfter(10_000)]
public sealed class ArgumentWordsTests
{
    private static readonly Argument<string[]> Words = new("words") { Arity = ArgumentArity.OneOrMore };

    [TestCase(new[] { "run", "f", "-1", "2" }, new[] { "f", "-1", "2" })]
    [TestCase(new[] { "run", "f", "-1.5", "-x" }, new[] { "f", "-1.5", "-x" })]
    [TestCase(new[] { "run", "f", "1", "--name", "n" }, new[] { "f", "1", "--name", "n" })]
    [TestCase(new[] { "run", "f", "-n", "-h", "--version" }, new[] { "f", "-n", "-h", "--version" })]
    [TestCase(new[] { "run", "f", "--", "-1" }, new[] { "f", "-1" })]
    [TestCase(new[] { "run", "f", "-1", "--", "2" }, new[] { "f", "-1", "--", "2" })]
    [TestCase(new[] { "run", "f" }, new[] { "f" })]
    public void ParseResult_WordsAfterFirstArgument_AreValues(string[] args, string[] expected)
    {
        var (commandLine, run) = Create();
        var parsed = commandLine.ParseResult(args);
        Assert.That(parsed.CommandResult.Command, Is.SameAs(run));
        Assert.That(parsed.GetValue(Words), Is.EqualTo(expected));
        Assert.That(commandLine.Values(parsed), Is.Empty);
    }

    [TestCase(new[] { "--name", "run", "run", "f", "-n", "x" }, "run")]
    [TestCase(new[] { "-n", "a", "run", "f", "-n" }, "a")]
    [TestCase(new[] { "run", "--name", "a", "f", "--name", "b" }, "a")]
    [TestCase(new[] { "run", "--name=a", "f", "--name=b" }, "a")]
    [TestCase(new[] { "run", "-n:a", "f", "-n:b" }, "a")]
    [TestCase(new[] { "--shell", "false", "-n", "a", "run", "f", "--shell" }, "a")]
    public void ParseResult_OptionsBeforeTheFirstArgument_AreOptions(string[] args, string name)
    {
        var (commandLine, _) = Create();
        var parsed = commandLine.ParseResult(args);
        Assert.That(commandLine.Values(parsed)["name"], Is.EqualTo(name));
        Assert.That(parsed.GetValue(Words)![0], Is.EqualTo("f"));
        Assert.That(parsed.GetValue(Words)!.Skip(1), Has.None.EqualTo("a"), "an option's value is not a word of the command");
    }

    [Test]
    public void ParseResult_OtherCommand_OptionsAfterItsArgumentStayOptions()
    {
        var (commandLine, _) = Create();
        var other = new Argument<string>("path");
        commandLine.Root.Add(new Command("other") { other });
        var parsed = commandLine.ParseResult(["other", "p", "--name", "a"]);
        Assert.That(commandLine.Values(parsed)["name"], Is.EqualTo("a"));
        Assert.That(parsed.GetValue(other), Is.EqualTo("p"));
    }

    private static (CommandLine CommandLine, Command Run) Create()
    {
        var commandLine = new CommandLine("tool", "A tool.")
            .Add("name", "n", "name", "A name.")
            .Add("shell", null, null, "A flag.");
        foreach (var option in commandLine.Root.Options)
        {
            option.Recursive = true;
        }

        var run = new Command("run") { Words };
        commandLine.Root.Add(run);
        return (commandLine.TakeWordsAfterFirstArgument(run), run);
    }
}
