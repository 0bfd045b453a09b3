using System.Globalization;

namespace SimpleRpc.Hosting.Shell;

public sealed partial class ConsoleShell
{
    private const int DefaultHistoryCount = 20;

    private (ShellCommand? Command, string Arguments) Find(string line)
    {
        foreach (var command in _commands)
        {
            if (command.Name.EndsWith(':') && line.StartsWith(command.Name, StringComparison.OrdinalIgnoreCase))
            {
                return (command, line[command.Name.Length..].Trim());
            }

            var word = line.Split(' ', 2);
            if (!command.Name.EndsWith(':') && string.Equals(word[0], command.Name, StringComparison.OrdinalIgnoreCase))
            {
                return (command, word.Length > 1 ? word[1].Trim() : string.Empty);
            }
        }

        return (null, string.Empty);
    }

    // Tab: while the first word is typed, the command names that start with it; after it, the
    // command's own argument completer, if it has one.
    private LineCompletion Complete(string before)
    {
        var start = before.Length - before.TrimStart().Length;
        var typed = before[start..];
        var colon = _commands.FirstOrDefault(c => c.Name.EndsWith(':') && typed.StartsWith(c.Name, StringComparison.OrdinalIgnoreCase));
        if (colon is null && !typed.Contains(' ', StringComparison.Ordinal))
        {
            var names = _commands
                .Where(c => c.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(c => c.Name.EndsWith(':') ? c.Name : c.Name + " ")
                .Order(StringComparer.Ordinal)
                .ToList();
            return new LineCompletion(start, names);
        }

        var (command, _) = Find(typed);
        if (command?.CompleteArgument is null)
        {
            return LineCompletion.None;
        }

        var argumentStart = start + (command.Name.EndsWith(':') ? command.Name.Length : typed.IndexOf(' ', StringComparison.Ordinal) + 1);
        while (argumentStart < before.Length && before[argumentStart] == ' ')
        {
            argumentStart++;
        }

        return new LineCompletion(argumentStart, command.CompleteArgument(before[argumentStart..]));
    }

    private Task PrintHelp()
    {
        var rows = _commands.Select(c => (Left: c.Name + (c.Name.EndsWith(':') ? string.Empty : " ") + c.Arguments, c.Description)).ToList();
        var width = rows.Max(r => r.Left.Length) + 2;
        var help = string.Join(Environment.NewLine, rows.Select(r => "  " + r.Left.PadRight(width) + r.Description));
        Write(_editor is null ? help : help + Environment.NewLine + "Up/Down recall commands; Ctrl+R searches them; Tab completes; Ctrl+D on an empty line or 'quit' stops.");
        return Task.CompletedTask;
    }

    private Task PrintHistory(string arguments)
    {
        var count = DefaultHistoryCount;
        if (arguments.Length > 0 && (!int.TryParse(arguments, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1))
        {
            Fail("usage: history [<count>]   (a positive number)");
            return Task.CompletedTask;
        }

        var entries = History.Entries;
        var first = Math.Max(0, entries.Count - count);
        var width = entries.Count.ToString(CultureInfo.InvariantCulture).Length;
        Write(string.Join(Environment.NewLine, entries.Skip(first).Select((e, i) => "  " + (first + i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width) + "  " + e)));
        return Task.CompletedTask;
    }
}
