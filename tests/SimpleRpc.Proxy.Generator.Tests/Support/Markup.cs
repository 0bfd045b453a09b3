using Microsoft.CodeAnalysis.Text;

namespace SimpleRpc.Proxy.Generator.Tests.Support;

/// <summary>Source with one span marked as <c>[|…|]</c>, where a test expects a diagnostic.</summary>
internal static class Markup
{
    /// <summary>The source without the markers, and the marked span in it.</summary>
    public static (string Text, TextSpan Span) Parse(string markup)
    {
        var start = markup.IndexOf("[|", StringComparison.Ordinal);
        var end = markup.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start || markup.IndexOf("[|", start + 2, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException("Mark exactly one span with [|…|].", nameof(markup));
        }

        var text = markup.Remove(end, 2).Remove(start, 2);
        return (text, TextSpan.FromBounds(start, end - 2));
    }
}
