using Spectre.Console;

namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// Progress as a Spectre.Console bar on a terminal: description, bar, percentage, rate and a
/// spinner; after the last byte the description turns to "compiling" and the bar runs without
/// an end. Lines written through <see cref="WriteLine"/> meanwhile appear above the bar.
/// </summary>
internal sealed class LiveTransferProgress : ITransferProgress
{
    private readonly IAnsiConsole _console;
    private readonly string _label;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _running = Task.CompletedTask;
    private ProgressTask? _task;

    private LiveTransferProgress(IAnsiConsole console, string label)
    {
        _console = console;
        _label = label;
    }

    /// <summary>Starts the bar on <paramref name="console"/>; it is drawn until the progress is disposed.</summary>
    public static async Task<LiveTransferProgress> StartAsync(IAnsiConsole console, string label)
    {
        var progress = new LiveTransferProgress(console, label);
        var started = new TaskCompletionSource<ProgressTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        progress._running = console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                started.SetResult(context.AddTask("uploading " + Markup.Escape(label), maxValue: 1));
                await progress._done.Task.ConfigureAwait(false);
            });

        // A progress that failed to start (the console went away) fails here, not later.
        progress._task = await Task.WhenAny(started.Task, progress._running).ConfigureAwait(false) == started.Task
            ? started.Task.Result
            : throw new InvalidOperationException("The progress bar did not start.", progress._running.Exception?.InnerException);
        return progress;
    }

    public void Report(long sent, long total)
    {
        _task!.MaxValue = Math.Max(1, total);
        _task.Value = sent;
    }

    public void Compiling()
    {
        _task!.Description = "compiling " + Markup.Escape(_label);
        _task.IsIndeterminate = true;
    }

    /// <summary>Writes <paramref name="text"/> (plain, not markup) above the bar.</summary>
    public void WriteLine(string text) => _console.WriteLine(text);

    /// <summary>Removes the bar; a second call does nothing more.</summary>
    public async ValueTask DisposeAsync()
    {
        _task?.StopTask();
        _done.TrySetResult();
        await _running.ConfigureAwait(false);
    }
}
