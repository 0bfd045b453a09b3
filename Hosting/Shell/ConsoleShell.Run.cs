namespace SimpleRpc.Hosting.Shell;

public sealed partial class ConsoleShell
{
    /// <summary>Runs until <c>quit</c>, the end of input, or <paramref name="cancellationToken"/>.</summary>
    /// <remarks>
    /// A command's error is printed and the console goes on. So does a fault of the console
    /// itself (reading a line, keeping the history): it is printed and logged, and the next line
    /// is read; only <see cref="MaxConsecutiveFaults"/> faults in a row end the console, with the
    /// exception (see <see cref="RunGuardedAsync"/>).
    /// </remarks>
    /// <exception cref="Exception">The console kept failing; the last fault.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Write("Type 'help' for the commands.");
        if (_terminal)
        {
            Interactive = this;
        }

        try
        {
            var faults = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                string? line;
                try
                {
                    line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    faults = 0;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && ++faults < MaxConsecutiveFaults)
                {
                    Logger.Error(ex, "The console failed to read a line; reading the next");
                    Write("error: the console failed to read that line: " + ex.Message);
                    continue;
                }

                if (line is null)
                {
                    return;
                }

                line = line.Trim();
                AddToHistory(line);
                if (line is "quit" or "exit")
                {
                    return;
                }

                if (line.Length > 0)
                {
                    await RunLineAsync(line).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (ReferenceEquals(Interactive, this))
            {
                Interactive = null;
            }
        }
    }

    /// <summary>
    /// Runs the console (<see cref="RunAsync"/>) and never throws: a console that cannot go on is
    /// logged as fatal through <see cref="Logger"/> and reported by the result.
    /// </summary>
    /// <returns>True when the console ended normally (quit, end of input, cancellation); false when it failed.</returns>
    public async Task<bool> RunGuardedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Logger.Fatal(ex, "The console failed {FaultCount} times in a row and stops", MaxConsecutiveFaults);
            return false;
        }
    }

    // Keeping the history is a convenience: if it fails, the command still runs.
    private void AddToHistory(string line)
    {
        try
        {
            History.Add(line);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Logger.Error(ex, "The console could not keep a line in its history");
            Write("error: the history could not keep that line: " + ex.Message);
        }
    }

    // The editor blocks in ReadKey, so it reads on a thread of its own; a stop abandons that
    // thread (a background thread, it does not keep the process alive).
    private Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        _editor is null
            ? _input.ReadLineAsync(cancellationToken).AsTask()
            : Task.Factory.StartNew(() => _editor.ReadLine(Prompt + "> "), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(cancellationToken);
}
