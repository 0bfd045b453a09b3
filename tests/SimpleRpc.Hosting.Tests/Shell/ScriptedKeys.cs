using SimpleRpc.Hosting.Shell;

namespace SimpleRpc.Hosting.Tests.Shell;

/// <summary>Keys for a <see cref="LineEditor"/>, as a terminal would report them; after the last, Ctrl+D (end of input).</summary>
internal sealed class ScriptedKeys : IConsoleKeyReader
{
    public static readonly ConsoleKeyInfo Enter = Special(ConsoleKey.Enter, '\r');
    public static readonly ConsoleKeyInfo Tab = Special(ConsoleKey.Tab, '\t');
    public static readonly ConsoleKeyInfo Left = Special(ConsoleKey.LeftArrow);
    public static readonly ConsoleKeyInfo Right = Special(ConsoleKey.RightArrow);
    public static readonly ConsoleKeyInfo Up = Special(ConsoleKey.UpArrow);
    public static readonly ConsoleKeyInfo Down = Special(ConsoleKey.DownArrow);
    public static readonly ConsoleKeyInfo Home = Special(ConsoleKey.Home);
    public static readonly ConsoleKeyInfo End = Special(ConsoleKey.End);
    public static readonly ConsoleKeyInfo Backspace = Special(ConsoleKey.Backspace, '\u007f');
    public static readonly ConsoleKeyInfo Delete = Special(ConsoleKey.Delete);
    public static readonly ConsoleKeyInfo Escape = Special(ConsoleKey.Escape, '\u001b');
    public static readonly ConsoleKeyInfo CtrlA = new('\u0001', ConsoleKey.A, shift: false, alt: false, control: true);
    public static readonly ConsoleKeyInfo CtrlD = new('\u0004', ConsoleKey.D, shift: false, alt: false, control: true);

    private readonly Queue<ConsoleKeyInfo> _keys = new();
    private readonly bool _endWhenEmpty;
    private bool _waiting;
    private int _endsGiven;

    /// <summary>Each item is a key or a string typed character by character; after them, Ctrl+D.</summary>
    public ScriptedKeys(params object[] script)
        : this(endWhenEmpty: true, script)
    {
    }

    private ScriptedKeys(bool endWhenEmpty, object[] script)
    {
        _endWhenEmpty = endWhenEmpty;
        Type(script);
    }

    /// <summary>Keys after which the reader waits for <see cref="Type"/> instead of ending.</summary>
    public static ScriptedKeys Paused(params object[] script) => new(endWhenEmpty: false, script);

    /// <summary>Adds keys (or strings typed character by character).</summary>
    public void Type(params object[] script)
    {
        lock (_keys)
        {
            foreach (var item in script)
            {
                if (item is ConsoleKeyInfo key)
                {
                    _keys.Enqueue(key);
                    continue;
                }

                foreach (var c in (string)item)
                {
                    var code = char.IsAsciiLetter(c) ? ConsoleKey.A + (char.ToUpperInvariant(c) - 'A') : c == ' ' ? ConsoleKey.Spacebar : (ConsoleKey)0;
                    _keys.Enqueue(new ConsoleKeyInfo(c, code, char.IsAsciiLetterUpper(c), alt: false, control: false));
                }
            }

            _waiting = false;
            Monitor.PulseAll(_keys);
        }
    }

    /// <summary>
    /// Waits until the reader has taken every key and asks for another: by then the editor has
    /// applied and drawn the last one. Only for <see cref="Paused"/> keys.
    /// </summary>
    public bool WaitUntilReaderWaits()
    {
        lock (_keys)
        {
            var deadline = DateTime.UtcNow + Within.Limit;
            while (!_waiting)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_keys, left))
                {
                    return false;
                }
            }

            return true;
        }
    }

    public ConsoleKeyInfo ReadKey()
    {
        lock (_keys)
        {
            while (_keys.Count == 0)
            {
                if (_endWhenEmpty)
                {
                    // A script that ends on a non-empty line would get Ctrl+D for ever.
                    return ++_endsGiven < 100 ? CtrlD : throw new InvalidOperationException("The script ended in the middle of a line.");
                }

                _waiting = true;
                Monitor.PulseAll(_keys);
                if (!Monitor.Wait(_keys, Within.Limit))
                {
                    throw new TimeoutException("The test typed no more keys.");
                }
            }

            _waiting = false;
            return _keys.Dequeue();
        }
    }

    private static ConsoleKeyInfo Special(ConsoleKey key, char c = '\0') => new(c, key, shift: false, alt: false, control: false);
}
