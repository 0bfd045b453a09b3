namespace SimpleRpc.Hosting;

/// <summary>
/// A line-oriented console: reads commands from a reader, runs them, prints to a writer.
/// <c>help</c> and <c>quit</c> are built in. Used by the server's and the stub's consoles.
/// </summary>
public sealed class ConsoleShell
{
    private readonly List<ShellCommand> _commands = [];
    private readonly TextReader _input;
    private readonly string _prompt;

    /// <summary>Creates a shell over <paramref name="input"/> and <paramref name="output"/>.</summary>
    public ConsoleShell(TextReader input, TextWriter output, string prompt)
    {
        _input = input;
        Output = output;
        _prompt = prompt;
        Add("help", string.Empty, "List the commands.", _ => PrintHelp());
        Add("quit", string.Empty, "Stop this process.", _ => Task.CompletedTask);
    }

    /// <summary>Where commands print.</summary>
    public TextWriter Output { get; }

    /// <summary>Adds a command; <paramref name="name"/> may end in ':' for the <c>rm:&lt;path&gt;</c> form.</summary>
    public ConsoleShell Add(string name, string arguments, string description, Func<string, Task> run)
    {
        _commands.Add(new ShellCommand(name, arguments, description, run));
        return this;
    }

    /// <summary>Runs until <c>quit</c>, the end of input, or <paramref name="cancellationToken"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Write("Type 'help' for the commands.");
        while (!cancellationToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await _input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (line is null)
            {
                return;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line is "quit" or "exit")
            {
                return;
            }

            await RunLineAsync(line).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one command line; errors are printed, never thrown.</summary>
    public async Task RunLineAsync(string line)
    {
        var (command, rest) = Find(line);
        if (command is null)
        {
            Write($"Unknown command '{line.Split(' ')[0]}'. Type 'help' for the commands.");
            return;
        }

        try
        {
            await command.Run(rest).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Write("error: " + ex.Message);
        }
    }

    /// <summary>Prints a line, thread-safely.</summary>
    public void Write(string text)
    {
        lock (Output)
        {
            Output.WriteLine(text);
            Output.Flush();
        }
    }

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

    private Task PrintHelp()
    {
        var rows = _commands.Select(c => (Left: c.Name + (c.Name.EndsWith(':') ? string.Empty : " ") + c.Arguments, c.Description)).ToList();
        var width = rows.Max(r => r.Left.Length) + 2;
        Write(string.Join(Environment.NewLine, rows.Select(r => "  " + r.Left.PadRight(width) + r.Description)));
        return Task.CompletedTask;
    }

    private sealed record ShellCommand(string Name, string Arguments, string Description, Func<string, Task> Run);
}
