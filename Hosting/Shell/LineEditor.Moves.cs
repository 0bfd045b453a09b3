using System.Globalization;

namespace SimpleRpc.Hosting.Shell;

public sealed partial class LineEditor
{
    // The cursor moves and erases by text elements, so a surrogate pair, an emoji sequence or a
    // letter with its accents goes as one, and a line never holds half of one.
    private int NextLength(int at) =>
        at >= _line.Length ? 0 : StringInfo.GetNextTextElementLength(_line.ToString(at, _line.Length - at));

    private int PreviousLength(int at)
    {
        var text = _line.ToString(0, at);
        var start = 0;
        while (start < at)
        {
            var length = StringInfo.GetNextTextElementLength(text.AsSpan(start));
            if (start + length >= at)
            {
                return at - start;
            }

            start += length;
        }

        return 0;
    }

    // Words are letters and digits, as readline's forward-word and backward-word see them.
    private int WordStartBefore(int at)
    {
        while (at > 0 && !char.IsLetterOrDigit(_line[at - 1]))
        {
            at--;
        }

        while (at > 0 && char.IsLetterOrDigit(_line[at - 1]))
        {
            at--;
        }

        return at;
    }

    private int WordEndAfter(int at)
    {
        while (at < _line.Length && !char.IsLetterOrDigit(_line[at]))
        {
            at++;
        }

        while (at < _line.Length && char.IsLetterOrDigit(_line[at]))
        {
            at++;
        }

        return at;
    }
}
