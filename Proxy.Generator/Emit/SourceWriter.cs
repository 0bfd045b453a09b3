using System.Text;

namespace SimpleRpc.Proxy.Generator.Emit;

/// <summary>
/// A small line writer with four-space indentation and a fixed <c>"\n"</c> newline, so the
/// output is the same on every OS.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private int _depth;

    /// <summary>Writes <paramref name="text"/> at the current indentation, then a newline.</summary>
    public void WriteLine(string text)
    {
        if (text.Length > 0)
        {
            for (var i = 0; i < _depth; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(text);
        }

        _builder.Append('\n');
    }

    /// <summary>Writes an empty line (no trailing spaces).</summary>
    public void WriteLine() => _builder.Append('\n');

    /// <summary>Writes <paramref name="header"/> and an opening brace, then indents.</summary>
    public void OpenBlock(string header)
    {
        WriteLine(header);
        WriteLine("{");
        _depth++;
    }

    /// <summary>Unindents and writes a closing brace.</summary>
    public void CloseBlock()
    {
        _depth--;
        WriteLine("}");
    }

    /// <summary>Indents the following lines one more level.</summary>
    public void Indent() => _depth++;

    /// <summary>Undoes one <see cref="Indent"/>.</summary>
    public void Unindent() => _depth--;

    /// <summary>The text written so far.</summary>
    public override string ToString() => _builder.ToString();
}
