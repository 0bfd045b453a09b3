using SimpleRpc.Hosting.Shell;
using static SimpleRpc.Hosting.Tests.Shell.ScriptedKeys;

namespace SimpleRpc.Hosting.Tests.Shell;

/// <summary>Word keys and the reverse history search.</summary>
[TestFixture]
[CancelAfter(10_000)]
public class LineEditorKeysTests
{
    private static readonly ConsoleKeyInfo CtrlK = Control('\u000b', ConsoleKey.K);
    private static readonly ConsoleKeyInfo CtrlR = Control('\u0012', ConsoleKey.R);
    private static readonly ConsoleKeyInfo CtrlW = Control('\u0017', ConsoleKey.W);
    private static readonly ConsoleKeyInfo CtrlLeft = new('\0', ConsoleKey.LeftArrow, shift: false, alt: false, control: true);
    private static readonly ConsoleKeyInfo CtrlRight = new('\0', ConsoleKey.RightArrow, shift: false, alt: false, control: true);
    private static readonly ConsoleKeyInfo AltB = new('b', ConsoleKey.B, shift: false, alt: true, control: false);
    private static readonly ConsoleKeyInfo AltF = new('f', ConsoleKey.F, shift: false, alt: true, control: false);

    private static LineEditor Create(IConsoleKeyReader keys, TerminalScreen? screen = null, params string[] history)
    {
        var kept = new CommandHistory();
        foreach (var line in history)
        {
            kept.Add(line);
        }

        return new LineEditor(keys, screen ?? new TerminalScreen(), kept, _ => LineCompletion.None);
    }

    private static ConsoleKeyInfo Control(char c, ConsoleKey key) => new(c, key, shift: false, alt: false, control: true);

    [Test]
    public void ReadLine_CtrlW_ErasesTheWordBeforeTheCursor()
    {
        Assert.That(Create(new ScriptedKeys("register Modules/z.cs  ", CtrlW, "y.cs", Enter)).ReadLine("> "), Is.EqualTo("register y.cs"));
    }

    [Test]
    public void ReadLine_CtrlK_ErasesToTheEnd()
    {
        Assert.That(Create(new ScriptedKeys("call z.Add(1)", Home, Right, Right, Right, Right, CtrlK, Enter)).ReadLine("> "), Is.EqualTo("call"));
    }

    [Test]
    public void ReadLine_CtrlLeftAndAltB_MoveBackByWords()
    {
        Assert.That(Create(new ScriptedKeys("call z.Add(1)", CtrlLeft, CtrlLeft, "X", AltB, AltB, "Y", Enter)).ReadLine("> "), Is.EqualTo("call Yz.XAdd(1)"));
    }

    [Test]
    public void ReadLine_CtrlRightAndAltF_MoveForwardByWords()
    {
        Assert.That(Create(new ScriptedKeys("msg beta hi", Home, CtrlRight, "!", AltF, "?", Enter)).ReadLine("> "), Is.EqualTo("msg! beta? hi"));
    }

    [Test]
    public void ReadLine_CtrlR_FindsNewestMatchThenOlderAndEnterRunsIt()
    {
        var keys = Paused(CtrlR, "call");
        var screen = new TerminalScreen();
        var editor = Create(keys, screen, "call z.Add(1, 2)", "clients", "call z.Sub(3)");
        var reading = Task.Run(() => editor.ReadLine("stub> "));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That(screen.CurrentRow, Is.EqualTo("(reverse-i-search)'call': call z.Sub(3)"));
        keys.Type(CtrlR);
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That(screen.CurrentRow, Is.EqualTo("(reverse-i-search)'call': call z.Add(1, 2)"));
        keys.Type(Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        Assert.That(reading.Result, Is.EqualTo("call z.Add(1, 2)"));
        Assert.That(screen.Rows[0], Is.EqualTo("stub> call z.Add(1, 2)"), "the line is shown with the prompt once chosen");
    }

    [Test]
    public void ReadLine_CtrlRWithNoMatch_SaysSoAndEscapeGivesTheLineBack()
    {
        var keys = Paused("dra", CtrlR, "zzz");
        var screen = new TerminalScreen();
        var editor = Create(keys, screen, "clients");
        var reading = Task.Run(() => editor.ReadLine("> "));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That(screen.CurrentRow, Is.EqualTo("(failed reverse-i-search)'zzz': dra"));
        keys.Type(Escape, "ft", Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        Assert.That(reading.Result, Is.EqualTo("draft"));
    }

    [Test]
    public void ReadLine_CtrlRThenArrow_KeepsTheMatchToEdit()
    {
        var editor = Create(new ScriptedKeys(CtrlR, "Add", End, Backspace, Backspace, "5)", Enter), null, "call z.Add(1, 2)");
        Assert.That(editor.ReadLine("> "), Is.EqualTo("call z.Add(1, 5)"));
    }
}
