namespace SimpleRpc.Hosting.Shell;

/// <summary>Formats rows as a plain-text table with a header, for the consoles' lists.</summary>
public static class TextTable
{
    /// <summary>Formats <paramref name="rows"/> under <paramref name="headers"/>; an empty list prints <paramref name="empty"/>.</summary>
    public static string Format(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string empty)
    {
        if (rows.Count == 0)
        {
            return empty;
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        return string.Join(Environment.NewLine, new[] { Line(headers), Line(widths.Select(w => new string('-', w)).ToList()) }.Concat(rows.Select(Line)));
    }
}
