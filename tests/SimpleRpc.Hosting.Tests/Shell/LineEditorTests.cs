using SimpleRpc.Hosting.Shell;
using static SimpleRpc.Hosting.Tests.Shell.ScriptedKeys;

namespace SimpleRpc.Hosting.Tests.Shell;

[TestFixture]
[CancelAfter(10_000)]
public class LineEditorTests
{
    private static (LineEditor Editor, TerminalScreen Screen) Create(IConsoleKeyReader keys, CommandHistory? history = null, Func<string, LineCompletion>? complete = null)
    {
        var screen = new TerminalScreen();
        return (new LineEditor(keys, screen, history ?? new CommandHistory(), complete ?? (_ => LineCompletion.None)), screen);
    }

    private static CommandHistory HistoryOf(params string[] lines)
    {
        var history = new CommandHistory();
        foreach (var line in lines)
        {
            history.Add(line);
        }

        return history;
    }

    [Test]
    public void ReadLine_TypedTextThenEnter_ReturnsLineAndEchoesIt()
    {
        var (editor, screen) = Create(new ScriptedKeys("clients", Enter));
        Assert.That(editor.ReadLine("stub> "), Is.EqualTo("clients"));
        Assert.That(screen.Rows, Is.EqualTo(new[] { "stub> clients", string.Empty }));
    }

    [Test]
    public void ReadLine_CursorKeysAndErasing_EditsLineAndRedrawsWithoutLeftovers()
    {
        var (editor, screen) = Create(new ScriptedKeys("hello", Home, Delete, End, Backspace, Left, "X", Right, CtrlA, "<", Enter));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("<elXl"));
        Assert.That(screen.Rows[0], Is.EqualTo("> <elXl"));
    }

    [Test]
    public void ReadLine_ShorterLineAfterLongerOne_BlanksTheRest()
    {
        var (editor, screen) = Create(new ScriptedKeys("register Modules", Escape, "ok", Enter));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("ok"));
        Assert.That(screen.Rows[0], Is.EqualTo("> ok"));
    }

    [Test]
    public void ReadLine_CursorMovedLeft_TerminalCursorFollows()
    {
        var keys = Paused("abc", Left, Left);
        var (editor, screen) = Create(keys);
        var reading = Task.Run(() => editor.ReadLine("> "));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That((screen.CurrentRow, screen.Column), Is.EqualTo(("> abc", 3)));
        keys.Type(Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        Assert.That(reading.Result, Is.EqualTo("abc"));
    }

    [Test]
    public void ReadLine_UpAndDown_WalkHistoryAndRestoreDraft()
    {
        var keys = Paused("dr", Up);
        var (editor, screen) = Create(keys, HistoryOf("one", "two"));
        var reading = Task.Run(() => editor.ReadLine("> "));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That(screen.CurrentRow, Is.EqualTo("> two"));
        keys.Type(Up, Up);
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That(screen.CurrentRow, Is.EqualTo("> one"), "Up stops at the oldest entry");
        keys.Type(Down);
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That(screen.CurrentRow, Is.EqualTo("> two"));
        keys.Type(Down, Down, Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        Assert.That(reading.Result, Is.EqualTo("dr"), "Down past the newest entry brings back what was typed");
    }

    [Test]
    public void ReadLine_UpThenEdit_ReturnsEditedEntryAndLeavesHistory()
    {
        var history = HistoryOf("call z.Add(1, 2)");
        var (editor, _) = Create(new ScriptedKeys(Up, Left, Backspace, "5", Enter), history);
        Assert.That(editor.ReadLine("> "), Is.EqualTo("call z.Add(1, 5)"));
        Assert.That(history.Entries, Is.EqualTo(new[] { "call z.Add(1, 2)" }));
    }

    [Test]
    public void ReadLine_UpWithEmptyHistory_KeepsLine()
    {
        var (editor, _) = Create(new ScriptedKeys("x", Up, Down, Enter));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("x"));
    }

    [Test]
    public void ReadLine_TabWithOneCandidate_CompletesWord()
    {
        var (editor, _) = Create(new ScriptedKeys("msg al", Tab, "hi", Enter), complete: before => before == "msg al" ? new LineCompletion(4, ["alpha "]) : LineCompletion.None);
        Assert.That(editor.ReadLine("> "), Is.EqualTo("msg alpha hi"));
    }

    [Test]
    public void ReadLine_TabWithCandidatesSharingPrefix_ExtendsToCommonPrefix()
    {
        var (editor, _) = Create(new ScriptedKeys("s", Tab, Enter), complete: before => new LineCompletion(0, ["stats ", "status "]));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("stat"));
    }

    [Test]
    public void ReadLine_TabWithAmbiguousPrefix_ListsCandidatesAboveLine()
    {
        var keys = Paused("c", Tab);
        var (editor, screen) = Create(keys, complete: _ => new LineCompletion(0, ["call ", "clients "]));
        var reading = Task.Run(() => editor.ReadLine("stub> "));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That(screen.Rows, Is.EqualTo(new[] { "call  clients", "stub> c" }));
        keys.Type(Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        Assert.That(reading.Result, Is.EqualTo("c"));
    }

    [Test]
    public void ReadLine_TabInMiddleOfLine_ReplacesOnlyBeforeCursorAndKeepsRest()
    {
        var (editor, _) = Create(new ScriptedKeys("cl x", Left, Left, Tab, Enter), complete: before => before == "cl" ? new LineCompletion(0, ["clients"]) : LineCompletion.None);
        Assert.That(editor.ReadLine("> "), Is.EqualTo("clients x"));
    }

    [Test]
    public void ReadLine_CtrlDOnEmptyLine_ReturnsNull()
    {
        var (editor, _) = Create(new ScriptedKeys(CtrlD));
        Assert.That(editor.ReadLine("> "), Is.Null);
    }

    [Test]
    public void ReadLine_CtrlDInLine_DeletesUnderCursor()
    {
        var (editor, _) = Create(new ScriptedKeys("ab", Left, CtrlD, Enter));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("a"));
    }

    [Test]
    public void WriteAbove_WhileEditing_PrintsAboveAndRedrawsLine()
    {
        var keys = Paused("ms");
        var (editor, screen) = Create(keys);
        var reading = Task.Run(() => editor.ReadLine("stub> "));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        editor.WriteAbove("[message from beta] hello");
        Assert.That(screen.Rows, Is.EqualTo(new[] { "[message from beta] hello", "stub> ms" }));
        Assert.That(screen.Column, Is.EqualTo("stub> ms".Length));
        keys.Type("g", Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        Assert.That(reading.Result, Is.EqualTo("msg"));
    }
}
