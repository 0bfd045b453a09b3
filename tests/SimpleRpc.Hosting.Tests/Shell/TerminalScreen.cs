using System.Globalization;
using System.Text;

namespace SimpleRpc.Hosting.Tests.Shell;

/// <summary>
/// A writer that keeps what a VT100-style terminal of <see cref="Width"/> columns would show, so
/// a line editor can be tested without one: '\r' returns to the start of the row, '\b' moves
/// left, '\n' starts a new row (as a tty's output translation does), text overwrites at the
/// cursor and wraps at the right edge (xterm's pending wrap: the cursor waits on the last column
/// until the next character), CJK and emoji take two columns (a wide character that does not fit
/// on the row goes to the next), and ESC[nA/B/C/D (cursor moves), ESC[J and ESC[K (erase to the
/// end of the screen / row) are obeyed. A resize (setting <see cref="Width"/>) does not reflow
/// what is shown, as in xterm.
/// </summary>
internal sealed class TerminalScreen : TextWriter
{
    private readonly List<List<string>> _rows = [[]];
    private readonly StringBuilder _escape = new();
    private int _row;
    private int _column;
    private bool _pendingWrap;
    private char _highSurrogate;

    public override Encoding Encoding => Encoding.UTF8;

    public int Width { get; set; } = 80;

    /// <summary>Every row, trailing blanks removed.</summary>
    public IReadOnlyList<string> Rows
    {
        get
        {
            lock (this)
            {
                return _rows.Select(r => string.Concat(r).TrimEnd()).ToList();
            }
        }
    }

    /// <summary>The row the cursor is on, trailing blanks removed.</summary>
    public string CurrentRow
    {
        get
        {
            lock (this)
            {
                return string.Concat(_rows[_row]).TrimEnd();
            }
        }
    }

    /// <summary>The cursor's column on the current row.</summary>
    public int Column => _column;

    /// <summary>Every character written, escape sequences included.</summary>
    public StringBuilder Written { get; } = new();

    public override void Write(char value)
    {
        lock (this)
        {
            Written.Append(value);
            if (_escape.Length > 0 || value == '\u001b')
            {
                Escape(value);
                return;
            }

            switch (value)
            {
                case '\r':
                    (_column, _pendingWrap) = (0, false);
                    break;
                case '\n':
                    NextRow();
                    break;
                case '\b':
                    (_column, _pendingWrap) = (Math.Max(0, Math.Min(_column, Width - 1) - 1), false);
                    break;
                case var high when char.IsHighSurrogate(high):
                    _highSurrogate = high;
                    break;
                case var low when char.IsLowSurrogate(low) && _highSurrogate != '\0':
                    Put(new string([_highSurrogate, low]));
                    _highSurrogate = '\0';
                    break;
                default:
                    Put(value.ToString());
                    break;
            }
        }
    }

    // Two columns: the CJK blocks, Hangul, full-width forms and the emoji planes. Written here
    // apart from the editor's own width rule, so a wrong rule there shows up as a wrong screen.
    private static int WidthOf(string text)
    {
        var code = char.ConvertToUtf32(text, 0);
        return code is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0xA4CF) or (>= 0xAC00 and <= 0xD7A3) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFF00 and <= 0xFF60) or (>= 0x1F300 and <= 0x1FAFF) or (>= 0x20000 and <= 0x3FFFD) ? 2 : 1;
    }

    private void Put(string text)
    {
        if (CharUnicodeInfo.GetUnicodeCategory(text, 0) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark || text is "\u200d" or "\ufe0f")
        {
            return;
        }

        var width = WidthOf(text);
        if (_pendingWrap || _column + width > Width)
        {
            NextRow();
        }

        var row = _rows[_row];
        while (row.Count < _column + width)
        {
            row.Add(" ");
        }

        row[_column] = text;
        if (width == 2)
        {
            row[_column + 1] = string.Empty;
        }

        _column += width;
        if (_column >= Width)
        {
            (_column, _pendingWrap) = (Width - 1, true);
        }
    }

    private void NextRow()
    {
        _row++;
        if (_row == _rows.Count)
        {
            _rows.Add([]);
        }

        (_column, _pendingWrap) = (0, false);
    }

    private void Escape(char value)
    {
        _escape.Append(value);
        if (_escape.Length < 3 || !char.IsAsciiLetter(value))
        {
            return;
        }

        var text = _escape.ToString();
        _escape.Clear();
        var n = text.Length > 3 ? int.Parse(text[2..^1], CultureInfo.InvariantCulture) : 1;
        var row = _rows[_row];
        _pendingWrap = false;
        switch (value)
        {
            case 'A':
                _row = Math.Max(0, _row - n);
                break;
            case 'B':
                _row = Math.Min(_rows.Count - 1, _row + n);
                break;
            case 'C':
                _column = Math.Min(Width - 1, _column + n);
                break;
            case 'D':
                _column = Math.Max(0, _column - n);
                break;
            case 'J':
                row.RemoveRange(Math.Min(_column, row.Count), row.Count - Math.Min(_column, row.Count));
                _rows.RemoveRange(_row + 1, _rows.Count - _row - 1);
                break;
            case 'K':
                row.RemoveRange(Math.Min(_column, row.Count), row.Count - Math.Min(_column, row.Count));
                break;
            default:
                throw new NotSupportedException("Escape sequence " + text[1..] + " is not emulated.");
        }
    }
}
