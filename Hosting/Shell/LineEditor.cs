using System.Text;

namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// A line editor for an interactive console: Left/Right/Home/End (Ctrl+A/E) move, Ctrl or Alt
/// with Left/Right (Alt+B/F) move by words, Backspace/Delete erase, Ctrl+W erases the word
/// before the cursor, Ctrl+K the rest of the line, Ctrl+U the start of it, Escape clears the line,
/// Up/Down walk the <see cref="CommandHistory"/>, Ctrl+R searches it backwards, Tab completes
/// through a completer, Enter returns the line, and Ctrl+D on an empty line is the end of input.
/// </summary>
/// <remarks>
/// <para>The editor owns the bottom of the screen: the prompt and the line, which may wrap over
/// several rows. It redraws them with VT100 sequences (cursor up, erase to the end of the
/// screen), measuring text in terminal columns (CJK and emoji take two, see
/// <see cref="DisplayWidth"/>), so the cursor lands where the text is. Text written through
/// <see cref="WriteAbove(string, TextWriter?)"/> (log lines, messages) goes above them and the
/// prompt is drawn again below, never over it. After a resize (<see cref="Resize"/>, or noticed at
/// the next redraw) the line is drawn again for the new width.</para>
/// <para>Every line returned is valid UTF-16: a surrogate that arrives without its pair is
/// replaced with U+FFFD, so the history file can always be written.</para>
/// <para><see cref="ReadLine"/> runs on one thread; <see cref="WriteAbove(string, TextWriter?)"/>
/// and <see cref="Resize"/> may be called from any thread: all draw under a lock on the output writer.</para>
/// </remarks>
public sealed partial class LineEditor
{
    private const string Csi = "\u001b[";

    private readonly IConsoleKeyReader _keys;
    private readonly TextWriter _output;
    private readonly CommandHistory _history;
    private readonly Func<string, LineCompletion> _complete;
    private readonly Func<int> _width;
    private readonly StringBuilder _line = new();
    private string _prompt = string.Empty;
    private int _cursor;
    private int _cursorRow;
    private int _drawnWidth;
    private bool _onFreshRow;
    private bool _reading;

    /// <summary>
    /// Creates an editor that reads <paramref name="keys"/> and draws on <paramref name="output"/>,
    /// a terminal <paramref name="width"/> columns wide (asked at each redraw; 80 if null);
    /// Tab asks <paramref name="complete"/> with the text before the cursor.
    /// </summary>
    public LineEditor(IConsoleKeyReader keys, TextWriter output, CommandHistory history, Func<string, LineCompletion> complete, Func<int>? width = null)
    {
        _keys = keys;
        _output = output;
        _history = history;
        _complete = complete;
        _width = width ?? (() => 80);
    }

    /// <summary>
    /// Shows <paramref name="prompt"/> and reads one line. The line is not added to the history;
    /// the caller decides that.
    /// </summary>
    /// <returns>The line, or null at the end of input (Ctrl+D on an empty line).</returns>
    public string? ReadLine(string prompt)
    {
        using var hold = _keys.BeginLine();
        lock (_output)
        {
            _prompt = prompt;
            _line.Clear();
            _cursor = 0;
            _cursorRow = 0;
            _historyIndex = _history.Count;
            _draft = string.Empty;
            _pendingHigh = '\0';
            _search = null;
            _reading = true;
            Redraw();
        }

        while (true)
        {
            var key = _keys.ReadKey();
            lock (_output)
            {
                var outcome = Apply(key);
                if (outcome == Outcome.Edited)
                {
                    Redraw();
                    continue;
                }

                // The whole line is shown once more with the cursor at its end, then a new row.
                _search = null;
                _cursor = _line.Length;
                Redraw();
                _reading = false;
                if (!_onFreshRow)
                {
                    _output.Write("\r\n");
                }

                _output.Flush();
                return outcome == Outcome.Line ? _line.ToString() : null;
            }
        }
    }

    /// <summary>Prints <paramref name="text"/> above the line being edited (or just prints it). Thread-safe.</summary>
    public void WriteAbove(string text) => WriteAbove(text, null);

    /// <summary>
    /// Prints <paramref name="text"/> on its own line(s) to <paramref name="target"/> (the editor's
    /// output if null, or standard error for logs): while a line is being edited, the prompt and
    /// line are erased first and drawn again below the text. Thread-safe.
    /// </summary>
    public void WriteAbove(string text, TextWriter? target)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_output)
        {
            if (_reading)
            {
                MoveToStart();
                _output.Write(Csi + "J");
                _output.Flush();
            }

            var to = target ?? _output;
            to.Write(text.EndsWith('\n') ? text : text + Environment.NewLine);
            to.Flush();
            if (_reading)
            {
                _cursorRow = 0;
                Redraw();
            }

            _output.Flush();
        }
    }

    /// <summary>The terminal changed size: draws the prompt and line again for the new width. Thread-safe.</summary>
    public void Resize()
    {
        lock (_output)
        {
            if (_reading)
            {
                Redraw();
            }
        }
    }

    private void SetLine(string text)
    {
        _line.Clear().Append(text);
        _cursor = text.Length;
    }

    private enum Outcome
    {
        Edited,
        Line,
        EndOfInput,
    }
}
