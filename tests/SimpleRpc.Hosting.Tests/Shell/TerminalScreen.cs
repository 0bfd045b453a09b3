using System.Text;

namespace SimpleRpc.Hosting.Tests.Shell;

/// <summary>
/// A writer that keeps what a terminal would show: '\r' returns to the start of the row,
/// '\b' moves left, '\n' starts a new row, other characters overwrite at the cursor.
/// </summary>
internal sealed class TerminalScreen : TextWriter
{
    private readonly List<StringBuilder> _rows = [new()];
    private int _column;

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Every row, trailing blanks removed.</summary>
    public IReadOnlyList<string> Rows
    {
        get
        {
            lock (this)
            {
                return _rows.Select(r => r.ToString().TrimEnd()).ToList();
            }
        }
    }

    /// <summary>The row the cursor is on, trailing blanks removed.</summary>
    public string CurrentRow => Rows[^1];

    /// <summary>The cursor's column on the current row.</summary>
    public int Column => _column;

    public override void Write(char value)
    {
        lock (this)
        {
            var row = _rows[^1];
            switch (value)
            {
                case '\r':
                    _column = 0;
                    break;
                case '\n':
                    _rows.Add(new StringBuilder());
                    _column = 0;
                    break;
                case '\b':
                    _column = Math.Max(0, _column - 1);
                    break;
                default:
                    if (_column < row.Length)
                    {
                        row[_column] = value;
                    }
                    else
                    {
                        row.Append(' ', _column - row.Length).Append(value);
                    }

                    _column++;
                    break;
            }
        }
    }
}
