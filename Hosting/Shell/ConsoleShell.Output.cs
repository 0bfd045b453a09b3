using Spectre.Console;

namespace SimpleRpc.Hosting.Shell;

public sealed partial class ConsoleShell
{
    private const long LargeTransferBytes = 256 * 1024;

    // Set while a progress bar is drawn: lines go above the bar, through Spectre.
    private volatile LiveTransferProgress? _live;

    /// <summary>
    /// The console running on the process's terminal, if any: log lines go through it, above its
    /// prompt (<see cref="WriteLog"/>), instead of straight to standard error.
    /// </summary>
    internal static ConsoleShell? Interactive { get; set; }

    /// <summary>Where <see cref="WriteLog"/> writes: standard error, or a test's screen.</summary>
    internal TextWriter ErrorOutput { get; set; } = Console.Error;

    /// <summary>
    /// How tables and progress are drawn; null (the default) means the terminal's style at the
    /// moment of drawing when the console is on a terminal, <see cref="ConsoleOutputStyle.Plain"/> otherwise.
    /// </summary>
    public ConsoleOutputStyle? Style { get; set; }

    private ConsoleOutputStyle CurrentStyle => Style ?? (_terminal ? ConsoleOutputStyle.Terminal() : ConsoleOutputStyle.Plain);

    /// <summary>Prints a line, thread-safely; on a terminal, above the line being typed or the progress bar.</summary>
    public void Write(string text)
    {
        if (_live is { } live)
        {
            live.WriteLine(text);
            return;
        }

        if (_editor is not null)
        {
            _editor.WriteAbove(text);
            return;
        }

        lock (Output)
        {
            Output.WriteLine(text);
            Output.Flush();
        }
    }

    /// <summary>
    /// Writes a formatted log event to standard error above the prompt (or the progress bar), so
    /// it never draws over the line being typed. Thread-safe.
    /// </summary>
    internal void WriteLog(string text)
    {
        if (_live is { } live)
        {
            live.WriteLine(text.TrimEnd('\r', '\n'));
        }
        else if (_editor is not null)
        {
            _editor.WriteAbove(text, ErrorOutput);
        }
        else
        {
            lock (Output)
            {
                ErrorOutput.Write(text);
                ErrorOutput.Flush();
            }
        }
    }

    /// <summary>
    /// Prints a table (see <see cref="ConsoleTable"/>): fitted to the terminal, or plain when
    /// output is redirected. <paramref name="cellStyle"/> may name a colour for a cell's text.
    /// </summary>
    public void WriteTable(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string empty, Func<string, string?>? cellStyle = null) =>
        Write(ConsoleTable.Render(headers, rows, empty, CurrentStyle, cellStyle));

    /// <summary>
    /// Starts showing an upload of <paramref name="label"/>: a bar with the rate and a
    /// "compiling" phase on a terminal, plain progress lines otherwise (for an upload of
    /// 256 KB or more, or one that runs over half a second). Dispose it when the upload has its answer.
    /// </summary>
    public async Task<ITransferProgress> StartTransferAsync(string label)
    {
        var style = CurrentStyle;
        if (!style.Rich || !style.Ansi)
        {
            return new PlainTransferProgress(Write, label, LargeTransferBytes);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(Output),
        });
        var live = await LiveTransferProgress.StartAsync(console, label).ConfigureAwait(false);
        _live = live;
        return new LiveScope(this, live);
    }

    // Lines written while the bar is drawn go above it; after it, back to the editor.
    private sealed class LiveScope(ConsoleShell shell, LiveTransferProgress live) : ITransferProgress
    {
        public void Report(long sent, long total) => live.Report(sent, total);

        public void Compiling() => live.Compiling();

        public async ValueTask DisposeAsync()
        {
            await live.DisposeAsync().ConfigureAwait(false);
            shell._live = null;
        }
    }
}
