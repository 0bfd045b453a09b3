using System.Globalization;

namespace SimpleRpc.Hosting.Shell;

public sealed partial class LineEditor
{
    private void MoveToStart()
    {
        if (_cursorRow > 0)
        {
            _output.Write(Csi + _cursorRow.ToString(CultureInfo.InvariantCulture) + "A");
        }

        _output.Write('\r');
    }

    private void Redraw()
    {
        var width = Math.Max(2, _width());
        var prompt = _search is null ? _prompt : SearchPrompt();
        var beforeCursor = prompt + _line.ToString(0, _cursor);
        if (_drawnWidth != 0 && width != _drawnWidth)
        {
            // A terminal that reflows its rows on a resize put the cursor on the row the new
            // width gives; one that does not left it on the old row. Going up by the smaller
            // never climbs above the prompt, whichever this terminal is.
            _cursorRow = Math.Min(_cursorRow, Target(beforeCursor, width).Row);
        }

        MoveToStart();
        _output.Write(Csi + "J");
        var text = prompt + _line;
        _output.Write(text);
        var (endRow, endColumn) = DisplayWidth.End(text, width);
        _onFreshRow = endColumn >= width && _cursor == _line.Length;
        if (endColumn >= width)
        {
            // The row is full and the terminal waits to wrap: take the cursor to the next row now.
            _output.Write("\r\n");
            (endRow, endColumn) = (endRow + 1, 0);
        }

        var (row, column) = Target(beforeCursor, width);
        if (endRow > row)
        {
            _output.Write(Csi + (endRow - row).ToString(CultureInfo.InvariantCulture) + "A");
        }

        _output.Write('\r');
        if (column > 0)
        {
            _output.Write(Csi + column.ToString(CultureInfo.InvariantCulture) + "C");
        }

        _cursorRow = row;
        _drawnWidth = width;
        _output.Flush();
    }

    // Where the terminal cursor goes: where the next element after the text before it is drawn.
    private (int Row, int Column) Target(string beforeCursor, int width)
    {
        var (row, column) = DisplayWidth.End(beforeCursor, width);
        var next = _cursor < _line.Length ? DisplayWidth.Of(_line.ToString(_cursor, NextLength(_cursor))) : 1;
        return column + next > width ? (row + 1, 0) : (row, column);
    }
}
