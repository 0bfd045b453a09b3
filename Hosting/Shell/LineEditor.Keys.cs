namespace SimpleRpc.Hosting.Shell;

public sealed partial class LineEditor
{
    private const char CtrlA = '\u0001';
    private const char CtrlD = '\u0004';
    private const char CtrlE = '\u0005';
    private const char CtrlU = '\u0015';

    private Outcome Apply(ConsoleKeyInfo key)
    {
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                return Outcome.Line;
            case ConsoleKey.LeftArrow:
                _cursor = Math.Max(0, _cursor - 1);
                break;
            case ConsoleKey.RightArrow:
                _cursor = Math.Min(_line.Length, _cursor + 1);
                break;
            case ConsoleKey.Home:
                _cursor = 0;
                break;
            case ConsoleKey.End:
                _cursor = _line.Length;
                break;
            case ConsoleKey.Backspace when _cursor > 0:
                _line.Remove(--_cursor, 1);
                break;
            case ConsoleKey.Delete when _cursor < _line.Length:
                _line.Remove(_cursor, 1);
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
                _line.Remove(_cursor, 1);
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
            case '\r' or '\n':
                return Outcome.Line;
            case var printable when !char.IsControl(printable):
                _line.Insert(_cursor++, printable);
                break;
        }

        return Outcome.Edited;
    }
}
