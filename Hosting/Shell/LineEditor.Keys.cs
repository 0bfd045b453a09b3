namespace SimpleRpc.Hosting.Shell;

public sealed partial class LineEditor
{
    private const char CtrlA = '\u0001';
    private const char CtrlD = '\u0004';
    private const char CtrlE = '\u0005';
    private const char CtrlK = '\u000b';
    private const char CtrlR = '\u0012';
    private const char CtrlU = '\u0015';
    private const char CtrlW = '\u0017';
    private const char Replacement = '\ufffd';

    // A high surrogate waits here for its low half, which comes as a key of its own.
    private char _pendingHigh;

    private Outcome Apply(ConsoleKeyInfo key)
    {
        if (_pendingHigh != '\0' && !char.IsLowSurrogate(key.KeyChar))
        {
            // Its pair never came: the line gets a visible replacement, never a lone surrogate.
            _pendingHigh = '\0';
            Insert(Replacement.ToString());
        }

        if (_search is not null && Search(key) is { } searched)
        {
            return searched;
        }

        var word = (key.Modifiers & (ConsoleModifiers.Control | ConsoleModifiers.Alt)) != 0;
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                return Outcome.Line;
            case ConsoleKey.LeftArrow when word:
            case ConsoleKey.B when (key.Modifiers & ConsoleModifiers.Alt) != 0:
                _cursor = WordStartBefore(_cursor);
                break;
            case ConsoleKey.RightArrow when word:
            case ConsoleKey.F when (key.Modifiers & ConsoleModifiers.Alt) != 0:
                _cursor = WordEndAfter(_cursor);
                break;
            case ConsoleKey.LeftArrow:
                _cursor -= PreviousLength(_cursor);
                break;
            case ConsoleKey.RightArrow:
                _cursor += NextLength(_cursor);
                break;
            case ConsoleKey.Home:
                _cursor = 0;
                break;
            case ConsoleKey.End:
                _cursor = _line.Length;
                break;
            case ConsoleKey.Backspace when _cursor > 0:
                var previous = PreviousLength(_cursor);
                _cursor -= previous;
                _line.Remove(_cursor, previous);
                break;
            case ConsoleKey.Delete when _cursor < _line.Length:
                _line.Remove(_cursor, NextLength(_cursor));
                break;
            case ConsoleKey.Escape:
                SetLine(string.Empty);
                break;
            case ConsoleKey.UpArrow:
                HistoryBack();
                break;
            case ConsoleKey.DownArrow:
                HistoryForward();
                break;
            case ConsoleKey.Tab:
                Complete();
                break;
            default:
                return ApplyCharacter(key.KeyChar);
        }

        return Outcome.Edited;
    }

    private Outcome ApplyCharacter(char c)
    {
        switch (c)
        {
            case CtrlD when _line.Length == 0:
                return Outcome.EndOfInput;
            case CtrlD when _cursor < _line.Length:
                _line.Remove(_cursor, NextLength(_cursor));
                break;
            case CtrlA:
                _cursor = 0;
                break;
            case CtrlE:
                _cursor = _line.Length;
                break;
            case CtrlU:
                _line.Remove(0, _cursor);
                _cursor = 0;
                break;
            case CtrlK:
                _line.Remove(_cursor, _line.Length - _cursor);
                break;
            case CtrlW:
                var start = _cursor;
                while (start > 0 && char.IsWhiteSpace(_line[start - 1]))
                {
                    start--;
                }

                while (start > 0 && !char.IsWhiteSpace(_line[start - 1]))
                {
                    start--;
                }

                _line.Remove(start, _cursor - start);
                _cursor = start;
                break;
            case CtrlR:
                StartSearch();
                break;
            case '\r' or '\n':
                return Outcome.Line;
            case var high when char.IsHighSurrogate(high):
                _pendingHigh = high;
                break;
            case var low when char.IsLowSurrogate(low):
                Insert(_pendingHigh == '\0' ? Replacement.ToString() : new string([_pendingHigh, low]));
                _pendingHigh = '\0';
                break;
            case var printable when !char.IsControl(printable):
                Insert(printable.ToString());
                break;
        }

        return Outcome.Edited;
    }

    private void Insert(string text)
    {
        _line.Insert(_cursor, text);
        _cursor += text.Length;
    }
}
