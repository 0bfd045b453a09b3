using System.Text;

namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// A small line editor for an interactive console: Left/Right/Home/End (and Ctrl+A/Ctrl+E)
/// move, Backspace/Delete erase, Escape clears the line, Up/Down walk the
/// <see cref="CommandHistory"/>, Tab completes through a completer, Enter returns the line, and
/// Ctrl+D on an empty line is the end of input.
/// </summary>
/// <remarks>
/// The line is redrawn with a carriage return, the prompt and the text, blanks over what is left
/// of the previous drawing and backspaces to the cursor, so any terminal shows it without escape
/// sequences; a line longer than the terminal is wide wraps and then redraws poorly.
/// <see cref="ReadLine"/> runs on one thread; <see cref="WriteAbove"/> may be called from any
/// thread: both draw under a lock on the output writer.
/// </remarks>
public sealed partial class LineEditor
{
    private readonly IConsoleKeyReader _keys;
    private readonly TextWriter _output;
    private readonly CommandHistory _history;
    private readonly Func<string, LineCompletion> _complete;
    private readonly StringBuilder _line = new();
    private string _prompt = string.Empty;
    private int _cursor;
    private int _drawn;
    private bool _reading;

    /// <summary>
    /// Creates an editor that reads <paramref name="keys"/> and draws on <paramref name="output"/>;
    /// Tab asks <paramref name="complete"/> with the text before the cursor.
    /// </summary>
    public LineEditor(IConsoleKeyReader keys, TextWriter output, CommandHistory history, Func<string, LineCompletion> complete)
    {
        _keys = keys;
        _output = output;
        _history = history;
        _complete = complete;
    }

    /// <summary>
    /// Shows <paramref name="prompt"/> and reads one line. The line is not added to the history;
    /// the caller decides that.
    /// </summary>
    /// <returns>The line, or null at the end of input (Ctrl+D on an empty line).</returns>
    public string? ReadLine(string prompt)
    {
        lock (_output)
        {
            _prompt = prompt;
            _line.Clear();
            _cursor = 0;
            _drawn = 0;
            _historyIndex = _history.Count;
            _draft = string.Empty;
            _reading = true;
            Redraw();
        }

        while (true)
        {
            var key = _keys.ReadKey();
            lock (_output)
            {
                switch (Apply(key))
                {
                    case Outcome.Line:
                        _reading = false;
                        _output.WriteLine();
                        _output.Flush();
                        return _line.ToString();
                    case Outcome.EndOfInput:
                        _reading = false;
                        _output.WriteLine();
                        _output.Flush();
                        return null;
                    default:
                        Redraw();
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Prints <paramref name="text"/> on its own line; while a line is being edited, the text goes
    /// above it and the prompt and line are drawn again below. Thread-safe.
    /// </summary>
    public void WriteAbove(string text)
    {
        lock (_output)
        {
            if (_reading)
            {
                _output.Write('\r');
                _output.Write(new string(' ', _drawn));
                _output.Write('\r');
                _drawn = 0;
            }

            _output.WriteLine(text);
            if (_reading)
            {
                Redraw();
            }

            _output.Flush();
        }
    }

    private void SetLine(string text)
    {
        _line.Clear().Append(text);
        _cursor = text.Length;
    }

    private void Redraw()
    {
        var text = _prompt + _line;
        _output.Write('\r');
        _output.Write(text);
        var stale = _drawn - text.Length;
        if (stale > 0)
        {
            _output.Write(new string(' ', stale));
            _output.Write(new string('\b', stale));
        }

        _output.Write(new string('\b', _line.Length - _cursor));
        _drawn = text.Length;
        _output.Flush();
    }

    private enum Outcome
    {
        Edited,
        Line,
        EndOfInput,
    }
}
