using System.Buffers;
using System.Globalization;
using System.Text;
using Spectre.Console;

namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// How many terminal columns text takes: CJK and emoji two, combining marks none, the rest one
/// (Spectre.Console's wcwidth tables). A text element (a user-perceived character: a base
/// character with its combining marks, a surrogate pair, an emoji sequence) takes the width of
/// its first character.
/// </summary>
internal static class DisplayWidth
{
    /// <summary>The columns of one text element.</summary>
    public static int Of(ReadOnlySpan<char> element)
    {
        if (element.IsEmpty)
        {
            return 0;
        }

        if (Rune.DecodeFromUtf16(element, out var rune, out _) != OperationStatus.Done)
        {
            return 1;
        }

        return Math.Clamp(rune.ToString().GetCellWidth(), 0, 2);
    }

    /// <summary>Where the next text element after <paramref name="text"/> would be drawn, from column 0 of a row.</summary>
    /// <remarks>
    /// Row and column on a terminal <paramref name="width"/> wide that wraps at the edge; a wide
    /// element that does not fit on a row's last column goes to the next row. The column may
    /// equal <paramref name="width"/>: the row is full and the terminal waits to wrap.
    /// </remarks>
    public static (int Row, int Column) End(string text, int width)
    {
        var (row, column) = (0, 0);
        var at = 0;
        while (at < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text.AsSpan(at));
            var columns = Of(text.AsSpan(at, length));
            if (column + columns > width)
            {
                (row, column) = (row + 1, 0);
            }

            column += columns;
            at += length;
        }

        return (row, column);
    }
}
