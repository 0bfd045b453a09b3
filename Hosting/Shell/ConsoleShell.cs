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
    /// <summary>How many faults of the console itself in a row end it (<see cref="RunAsync"/>).</summary>
    public const int MaxConsecutiveFaults = 3;

    private readonly List<ShellCommand> _commands = [];
    private readonly TextReader _input;
    private readonly LineEditor? _editor;
    private readonly bool _terminal;
    private readonly IDisposable? _resizeSignal;

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
    /// <param name="keys">Where keys come from.</param>
    /// <param name="output">Where the editor draws.</param>
    /// <param name="prompt">The prompt's text, before "> ".</param>
    /// <param name="history">The history, or null for a new in-memory one.</param>
    /// <param name="width">The terminal's width in columns, asked at each redraw; 80 if null.</param>
    public ConsoleShell(IConsoleKeyReader keys, TextWriter output, string prompt, CommandHistory? history, Func<int>? width = null)
        : this(TextReader.Null, keys, output, prompt, history, width)
    {
    }

    private ConsoleShell(TextReader input, IConsoleKeyReader? keys, TextWriter output, string prompt, CommandHistory? history, Func<int>? width = null)
    {
        _input = input;
        Output = output;
        Prompt = prompt;
        _terminal = keys is TerminalKeyReader;
        History = history ?? new CommandHistory(CommandHistory.DefaultCapacity, _terminal ? HistoryFile(prompt) : null);
        _editor = keys is null ? null : new LineEditor(keys, output, History, Complete, _terminal ? () => TerminalKeyReader.Width : width);
        _resizeSignal = _terminal ? TerminalKeyReader.OnResize(_editor!.Resize) : null;
        Add("help", string.Empty, "List the commands.", _ => PrintHelp());
        Add("history", "[<count>]", "List the last commands (20 unless a count is given).", PrintHistory);
        Add("quit", string.Empty, "Stop this process.", _ => Task.CompletedTask);
    }

    /// <summary>
    /// The prompt's text, shown before "> " (a stub sets it to its name once connected). The
    /// history file keeps the name given to the constructor.
    /// </summary>
    public string Prompt { get; set; }

    /// <summary>Where a console that fails is reported (<see cref="RunGuardedAsync"/>); silent if not set.</summary>
    public Serilog.ILogger Logger { get; set; } = Serilog.Core.Logger.None;

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

    /// <summary>
    /// How many command lines failed so far: an unknown command, a command that threw, or one
    /// that reported its failure with <see cref="Fail"/>. A redirected console (a script piped in)
    /// ends its process with a non-zero code when this is not zero.
    /// </summary>
    public int Failures { get; private set; }

    /// <summary>Prints <paramref name="message"/> and counts the command being run as failed (<see cref="Failures"/>): a refusal the command reports rather than throws.</summary>
    public void Fail(string message)
    {
        Failures++;
        Write(message);
    }

    /// <summary>Runs one command line; errors are printed, never thrown.</summary>
    /// <returns>True when the command succeeded; false when it is unknown, threw, or called <see cref="Fail"/>.</returns>
    public async Task<bool> RunLineAsync(string line)
    {
        var before = Failures;
        var (command, rest) = Find(line);
        if (command is null)
        {
            Fail($"Unknown command '{line.Split(' ')[0]}'. Type 'help' for the commands.");
            return false;
        }

        try
        {
            await command.Run(rest).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Fail("error: " + ex.Message);
        }

        return Failures == before;
    }

    private static bool IsTerminal(TextReader input, TextWriter output) =>
        TerminalKeyReader.IsInteractive && ReferenceEquals(input, Console.In) && ReferenceEquals(output, Console.Out);

    private sealed record ShellCommand(string Name, string Arguments, string Description, Func<string, Task> Run, Func<string, IReadOnlyList<string>>? CompleteArgument);
}
