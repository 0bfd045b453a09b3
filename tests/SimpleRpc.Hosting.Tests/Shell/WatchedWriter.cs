using System.Text;

namespace SimpleRpc.Hosting.Tests.Shell;

/// <summary>A thread-safe writer that a test can wait on until some text has been written.</summary>
internal sealed class WatchedWriter : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
            Monitor.PulseAll(_text);
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
            Monitor.PulseAll(_text);
        }
    }

    /// <summary>Waits until <paramref name="expected"/> has been written; false after <see cref="Within.Limit"/>.</summary>
    public bool WaitFor(string expected)
    {
        lock (_text)
        {
            var deadline = DateTime.UtcNow + Within.Limit;
            while (!_text.ToString().Contains(expected, StringComparison.Ordinal))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_text, left))
                {
                    return _text.ToString().Contains(expected, StringComparison.Ordinal);
                }
            }

            return true;
        }
    }
}
