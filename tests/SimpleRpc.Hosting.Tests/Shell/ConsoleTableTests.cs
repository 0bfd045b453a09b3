using SimpleRpc.Hosting.Shell;

namespace SimpleRpc.Hosting.Tests.Shell;

[TestFixture]
[CancelAfter(10_000)]
public class ConsoleTableTests
{
    private static readonly string[] Headers = ["MODULE", "VERSION", "FUNCTIONS"];

    private static IReadOnlyList<IReadOnlyList<string>> HugeModule() =>
        [["z", "v1", "Add"], ["big", "v3", string.Join("; ", Enumerable.Range(0, 1800).Select(i => $"Function{i:0000}(int a, int b)"))]];

    [Test]
    public void Render_Plain_IsTheTextTableLayoutWithEveryCellWhole()
    {
        var rows = HugeModule();
        var text = ConsoleTable.Render(Headers, rows, "none", ConsoleOutputStyle.Plain);
        Assert.That(text, Is.EqualTo(TextTable.Format(Headers, rows, "none")));
        Assert.That(text, Does.Contain("Function1799(int a, int b)"), "redirected output keeps the whole list for scripts");
        Assert.That(text, Does.Not.Contain("\u001b["));
    }

    [TestCase(80, true)]
    [TestCase(45, false)]
    public void Render_RichWithAHugeCell_EveryLineFitsTheTerminal(int width, bool unicode)
    {
        var text = ConsoleTable.Render(Headers, HugeModule(), "none", new ConsoleOutputStyle(true, false, unicode, width));
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.That(lines, Has.All.Length.LessThanOrEqualTo(width));
        Assert.That(lines, Has.Count.LessThan(20), "a huge cell is cut to a few rows, not wrapped over hundreds");
        Assert.That(text, Does.Contain("…").And.Contain("Function0000"));
        Assert.That(text, Does.Not.Contain("Function1799"));
    }

    [Test]
    public void Render_RichWithoutAnsi_WritesNoEscapeSequences()
    {
        var text = ConsoleTable.Render(Headers, HugeModule(), "none", new ConsoleOutputStyle(true, false, true, 100), _ => "red");
        Assert.That(text, Does.Not.Contain("\u001b["));
        Assert.That(text, Does.Contain("MODULE").And.Contain("│"));
    }

    [Test]
    public void Render_RichWithAnsi_ColoursTheStyledCellsOnly()
    {
        var text = ConsoleTable.Render(["MODULE", "STATE"], [["z", "FAILED"], ["y", "running"]], "none", new ConsoleOutputStyle(true, true, true, 100), c => c == "FAILED" ? "red" : null);
        Assert.That(text, Does.Match(@"\u001b\[9?1mFAILED"), "red (or bright red) in the standard colour set");
        Assert.That(text, Does.Not.Match(@"\u001b\[\d+mrunning"));
    }

    [Test]
    public void Render_NoRows_PrintsTheEmptyText()
    {
        Assert.That(ConsoleTable.Render(Headers, [], "No modules.", new ConsoleOutputStyle(true, true, true, 80)), Is.EqualTo("No modules."));
    }

    [Test]
    public void Render_CutAtASurrogatePair_KeepsThePairWhole()
    {
        var cell = new string('a', 38) + "😀" + new string('b', 100);
        var text = ConsoleTable.Render(["X"], [[cell]], "none", new ConsoleOutputStyle(true, false, false, 13));
        Assert.That(text.Where(char.IsSurrogate).Count() % 2, Is.Zero);
        Assert.That(() => System.Text.Encoding.UTF8.GetBytes(text), Throws.Nothing);
    }
}
