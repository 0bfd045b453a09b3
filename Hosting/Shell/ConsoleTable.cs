using Spectre.Console;

namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// The consoles' lists (clients, modules, workers, uploads): a Spectre.Console table fitted to
/// the terminal, or the plain <see cref="TextTable"/> layout when output is redirected.
/// </summary>
/// <remarks>
/// A terminal table never gets wider than the terminal: Spectre wraps cells to fit, and a cell
/// longer than <see cref="MaxCellLines"/> rows of the terminal is cut and ends in "…", so a
/// module with 1,800 functions prints a few lines rather than a 56,000-character row. Plain
/// output keeps every cell whole, one row a line, so scripts and tests read it as before.
/// </remarks>
public static class ConsoleTable
{
    /// <summary>How many terminal rows one cell may fill at most before it is cut.</summary>
    public const int MaxCellLines = 3;

    /// <summary>
    /// Renders <paramref name="rows"/> under <paramref name="headers"/> in <paramref name="style"/>;
    /// an empty list renders <paramref name="empty"/>. <paramref name="cellStyle"/> may name a
    /// Spectre style (<c>"red"</c>, <c>"green"</c>) for a cell's text; it is ignored without ANSI.
    /// </summary>
    /// <returns>The text, without a final newline.</returns>
    public static string Render(
        IReadOnlyList<string> headers,
        IReadOnlyList<IReadOnlyList<string>> rows,
        string empty,
        ConsoleOutputStyle style,
        Func<string, string?>? cellStyle = null)
    {
        ArgumentNullException.ThrowIfNull(style);
        if (!style.Rich || rows.Count == 0)
        {
            return TextTable.Format(headers, rows, empty);
        }

        var table = new Table
        {
            Border = style.Unicode ? TableBorder.Rounded : TableBorder.Ascii,
            Expand = false,
        };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }

        var limit = Math.Max(40, style.Width * MaxCellLines);
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(Cut(cell, limit), StyleOf(cell, cellStyle))).ToArray());
        }

        return Draw(table, style);
    }

    /// <summary>Writes <paramref name="renderable"/> as text in <paramref name="style"/>, without a final newline.</summary>
    internal static string Draw(Spectre.Console.Rendering.IRenderable renderable, ConsoleOutputStyle style)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = style.Ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = style.Ansi ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = style.Width;
        console.Profile.Capabilities.Unicode = style.Unicode;
        console.Write(renderable);
        return writer.ToString().TrimEnd('\r', '\n');
    }

    // Cut between characters, never inside a surrogate pair.
    private static string Cut(string cell, int limit)
    {
        if (cell.Length <= limit)
        {
            return cell;
        }

        var keep = limit - 1;
        if (char.IsHighSurrogate(cell[keep - 1]))
        {
            keep--;
        }

        return cell[..keep] + "…";
    }

    private static Style StyleOf(string cell, Func<string, string?>? cellStyle) =>
        cellStyle?.Invoke(cell) is { } name && Style.TryParse(name, out var parsed) && parsed is { } found ? found : Style.Plain;
}
