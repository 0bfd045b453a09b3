using SimpleRpc.Hosting.Shell;
using static SimpleRpc.Hosting.Tests.Shell.ScriptedKeys;

namespace SimpleRpc.Hosting.Tests.Shell;

/// <summary>The editor against an in-memory terminal: wide characters, surrogates, wrapping, resizing.</summary>
[TestFixture]
[CancelAfter(10_000)]
public class LineEditorTerminalTests
{
    private static (LineEditor Editor, TerminalScreen Screen) Create(IConsoleKeyReader keys, int width = 80)
    {
        var screen = new TerminalScreen { Width = width };
        return (new LineEditor(keys, screen, new CommandHistory(), _ => LineCompletion.None, () => screen.Width), screen);
    }

    private static string Read(LineEditor editor, ScriptedKeys keys, string prompt = "> ")
    {
        var reading = Task.Run(() => editor.ReadLine(prompt));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True, "the editor asks for another key");
        keys.Type(Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        return reading.Result!;
    }

    [Test]
    public void ReadLine_WideCharacters_CursorLandsInTheirColumns()
    {
        var keys = Paused("msg 你好", Left);
        var (editor, screen) = Create(keys);
        var reading = Task.Run(() => editor.ReadLine("> "));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That((screen.CurrentRow, screen.Column), Is.EqualTo(("> msg 你好", 8)), "the cursor sits before 好: 2 + 4 + 2 columns");
        keys.Type(Backspace, Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        Assert.That(reading.Result, Is.EqualTo("msg 好"));
        Assert.That(screen.Rows[0], Is.EqualTo("> msg 好"), "no half of a wide character is left on the screen");
    }

    [Test]
    public void ReadLine_EmojiTypedAsTwoKeys_IsOneCharacterToMoveAndErase()
    {
        var (editor, _) = Create(new ScriptedKeys("a😀b", Left, Left, Delete, Left, "<", Enter));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("<ab"));
    }

    // Code points, not strings: an attribute cannot hold a lone surrogate (it is stored as UTF-8).
    [TestCase(0xD83D, "y", "x\ufffdy")]
    [TestCase(0xDE00, "y", "x\ufffdy")]
    [TestCase(0xD83D, "", "x\ufffd")]
    public void ReadLine_LoneSurrogate_BecomesReplacementCharacter(int surrogate, string after, string expected)
    {
        var keys = Paused("x" + (char)surrogate + after);
        var (editor, _) = Create(keys);
        var line = Read(editor, keys);
        Assert.That(line, Is.EqualTo(expected));
        Assert.That(() => new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(line), Throws.Nothing);
    }

    [Test]
    public void ReadLine_LineWiderThanTerminal_WrapsAndShrinksWithoutLeftovers()
    {
        var keys = Paused(new string('a', 25));
        var (editor, screen) = Create(keys, width: 10);
        var reading = Task.Run(() => editor.ReadLine("> "));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That(screen.Rows, Is.EqualTo(new[] { "> aaaaaaaa", "aaaaaaaaaa", "aaaaaaa" }));
        keys.Type([Home, .. Enumerable.Repeat<object>(Delete, 15)]);
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That(screen.Rows, Is.EqualTo(new[] { "> aaaaaaaa", "aa" }), "the rows the longer line used are blank");
        Assert.That((screen.CurrentRow, screen.Column), Is.EqualTo(("> aaaaaaaa", 2)));
        keys.Type(End, "c", Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        Assert.That(reading.Result, Is.EqualTo(new string('a', 10) + "c"));
    }

    [Test]
    public void ReadLine_LineEndsOnTheLastColumn_CursorGoesToTheNextRow()
    {
        var keys = Paused("12345678");
        var (editor, screen) = Create(keys, width: 10);
        var reading = Task.Run(() => editor.ReadLine("> "));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        Assert.That((screen.Rows.Count, screen.Column), Is.EqualTo((2, 0)));
        keys.Type(Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        Assert.That(screen.Rows, Is.EqualTo(new[] { "> 12345678", string.Empty }), "Enter adds no blank row");
    }

    [Test]
    public void WriteAbove_WhileAWrappedLineIsEdited_GoesAboveAndThePromptStaysWhole()
    {
        var keys = Paused("0123456789abcdef", Left, Left, Left, Left, Left, Left, Left, Left, Left, Left);
        var (editor, screen) = Create(keys, width: 10);
        var reading = Task.Run(() => editor.ReadLine("> "));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        editor.WriteAbove("[12:00:00 INF] a log line");
        editor.WriteAbove("second");
        Assert.That(screen.Rows, Is.EqualTo(new[] { "[12:00:00", "INF] a log", " line", "second", "> 01234567", "89abcdef" }));
        Assert.That((screen.CurrentRow, screen.Column), Is.EqualTo(("> 01234567", 8)), "the cursor is back before '6'");
        keys.Type(Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        Assert.That(reading.Result, Is.EqualTo("0123456789abcdef"));
    }

    [Test]
    public void Resize_Narrower_DrawsTheLineForTheNewWidthBelowWhatWasAbove()
    {
        var keys = Paused("0123456789abc");
        var (editor, screen) = Create(keys, width: 40);
        var reading = Task.Run(() => editor.ReadLine("> "));
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        editor.WriteAbove("above");
        screen.Width = 8;
        editor.Resize();
        Assert.That(screen.Rows, Is.EqualTo(new[] { "above", "> 012345", "6789abc" }));
        keys.Type("d", Enter);
        Assert.That(reading.Wait(Within.Limit), Is.True);
        Assert.That(reading.Result, Is.EqualTo("0123456789abcd"));
    }
}
