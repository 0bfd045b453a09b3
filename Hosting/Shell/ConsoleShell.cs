namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// A line-oriented console: reads commands, runs them, prints to a writer. <c>help</c>,
/// <c>history</c> and <c>quit</c> are built in. Used by the server's and the stub's consoles.
/// </summary>
/// <remarks>
/// On a terminal (the process's own input and output, neither redirected) lines are read with a
/// <see cref="LineEditor"/>: editing keys, Up/Down through the history, Tab completion of command
/// names and of arguments whose command has a completer, and a history kept in
/// <see cref="HistoryFile"/>. Redirected input (pipes, tests) is read line by line from the
/// reader, and its history is kept in memory only.
/// </remarks>
public sealed partial class ConsoleShell
{
    private readonly List<ShellCommand> _commands = [];
    private readonly TextReader _input;
    private readonly LineEditor? _editor;
    private readonly string _prompt;
    private readonly bool _terminal;

    /// <summary>
    /// Creates a shell over <paramref name="input"/> and <paramref name="output"/>. When they are
    /// <see cref="Console.In"/> and <see cref="Console.Out"/> on a terminal, the shell edits lines
    /// itself and keeps its history in <see cref="HistoryFile"/> for <paramref name="prompt"/>.
    /// </summary>
    public ConsoleShell(TextReader input, TextWriter output, string prompt)
        : this(input, IsTerminal(input, output) ? new TerminalKeyReader() : null, output, prompt, null)
    {
    }

    /// <summary>
    /// Creates a shell that reads keys from <paramref name="keys"/> through a <see cref="LineEditor"/>
    /// drawing on <paramref name="output"/>, with <paramref name="history"/> (a new in-memory one if null).
    /// </summary>
    public ConsoleShell(IConsoleKeyReader keys, TextWriter output, string prompt, CommandHistory? history)
        : this(TextReader.Null, keys, output, prompt, history)
    {
    }

    private ConsoleShell(TextReader input, IConsoleKeyReader? keys, TextWriter output, string prompt, CommandHistory? history)
    {
        _input = input;
        Output = output;
        _prompt = prompt;
        _terminal = keys is TerminalKeyReader;
        History = history ?? new CommandHistory(CommandHistory.DefaultCapacity, keys is TerminalKeyReader ? HistoryFile(prompt) : null);
        _editor = keys is null ? null : new LineEditor(keys, output, History, Complete);
        Add("help", string.Empty, "List the commands.", _ => PrintHelp());
        Add("history", "[<count>]", "List the last commands (20 unless a count is given).", PrintHistory);
        Add("quit", string.Empty, "Stop this process.", _ => Task.CompletedTask);
    }

    /// <summary>Where commands print.</summary>
    public TextWriter Output { get; }

    /// <summary>The commands read so far (the file's too, on a terminal).</summary>
    public CommandHistory History { get; }

    /// <summary>Whether lines are read with the <see cref="LineEditor"/> rather than from a reader.</summary>
    public bool IsInteractive => _editor is not null;

    /// <summary>
    /// Where a terminal console keeps the history for <paramref name="prompt"/>:
    /// <c>~/.simplerpc/&lt;prompt&gt;_history</c>, or the path in <c>SIMPLERPC_HISTORY</c>;
    /// null (memory only) when that variable is <c>off</c> or there is no home folder.
    /// </summary>
    public static string? HistoryFile(string prompt)
    {
        var configured = Environment.GetEnvironmentVariable("SIMPLERPC_HISTORY");
        if (string.Equals(configured, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length == 0 ? null : Path.Combine(home, ".simplerpc", prompt + "_history");
    }

    /// <summary>Adds a command; <paramref name="name"/> may end in ':' for the <c>rm:&lt;path&gt;</c> form.</summary>
    public ConsoleShell Add(string name, string arguments, string description, Func<string, Task> run) =>
        Add(name, arguments, description, run, null);

    /// <summary>
    /// Adds a command whose argument Tab completes with <paramref name="completeArgument"/>: it gets
    /// the argument typed so far and returns whole replacements for it. It runs on the reading
    /// thread while a key waits, so it must be quick and must not throw.
    /// </summary>
    public ConsoleShell Add(string name, string arguments, string description, Func<string, Task> run, Func<string, IReadOnlyList<string>>? completeArgument)
    {
        _commands.Add(new ShellCommand(name, arguments, description, run, completeArgument));
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
                line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
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

            History.Add(line);
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

    private static bool IsTerminal(TextReader input, TextWriter output) =>
        TerminalKeyReader.IsInteractive && ReferenceEquals(input, Console.In) && ReferenceEquals(output, Console.Out);

    // The editor blocks in ReadKey, so it reads on a thread of its own; a stop abandons that
    // thread (a background thread, it does not keep the process alive).
    private Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        _editor is null
            ? _input.ReadLineAsync(cancellationToken).AsTask()
            : Task.Factory.StartNew(() => _editor.ReadLine(_prompt + "> "), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(cancellationToken);

    private sealed record ShellCommand(string Name, string Arguments, string Description, Func<string, Task> Run, Func<string, IReadOnlyList<string>>? CompleteArgument);
}
