using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SimpleRpc.Walkthrough;

/// <summary>
/// A program started by the walk-through (or a test): its output lines are collected and echoed
/// with a label, and callers wait for a line that matches, with a timeout, instead of sleeping.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];
    private readonly Action<string>? _echo;

    private ChildProcess(Process process, string label, Action<string>? echo)
    {
        _process = process;
        Label = label;
        _echo = echo;
    }

    /// <summary>A short name for output, e.g. "server" or "stub alpha".</summary>
    public string Label { get; }

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Every line it printed so far (standard output and error, in arrival order).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts <c>dotnet &lt;assembly&gt; args</c> in <paramref name="workingDirectory"/>.</summary>
    public static ChildProcess StartDotnet(string label, string assembly, IEnumerable<string> args, string workingDirectory, Action<string>? echo, IDictionary<string, string>? environment = null) =>
        Start(label, "dotnet", [assembly, .. args], workingDirectory, echo, environment);

    /// <summary>Starts <c><paramref name="fileName"/> args</c> in <paramref name="workingDirectory"/>, its standard streams redirected.</summary>
    public static ChildProcess Start(string label, string fileName, IEnumerable<string> args, string workingDirectory, Action<string>? echo, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, label, echo);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>How many lines it has printed so far; pass it to <see cref="WaitForLineAsync"/> to wait only for later ones.</summary>
    public int LineCount
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>
    /// Waits for a line matching <paramref name="pattern"/>: printed at or after line
    /// <paramref name="fromLine"/> (0: any line so far), or still to come.
    /// </summary>
    /// <exception cref="TimeoutException">No such line within <paramref name="timeout"/>, or the process exited first.</exception>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout, int fromLine = 0)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            foreach (var line in _lines.Skip(fromLine))
            {
                if (regex.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }

            _waiters.Add((regex, found));
        }

        var exited = _process.WaitForExitAsync();
        var winner = await Task.WhenAny(found.Task, exited, Task.Delay(timeout)).ConfigureAwait(false);
        if (winner == found.Task)
        {
            return await found.Task.ConfigureAwait(false);
        }

        lock (_lines)
        {
            _waiters.RemoveAll(w => w.Found == found);
        }

        var why = winner == exited ? $"it exited with code {_process.ExitCode}" : $"nothing matched within {timeout.TotalSeconds:0} s";
        throw new TimeoutException($"{Label}: waited for /{pattern}/ but {why}. Last lines:{Environment.NewLine}{string.Join(Environment.NewLine, Lines.TakeLast(15))}");
    }

    /// <summary>Writes <paramref name="text"/> to the process's standard input as it is: keys, for a process on a terminal.</summary>
    public void Type(string text)
    {
        _process.StandardInput.Write(text);
        _process.StandardInput.Flush();
    }

    /// <summary>Types a line into the process's standard input.</summary>
    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the process to exit on its own and returns its exit code.</summary>
    /// <exception cref="TimeoutException">It did not exit in time (it is then killed).</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            _process.WaitForExit();
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Label} did not exit within {timeout.TotalSeconds:0} s and was killed.");
        }
    }

    /// <summary>Asks the process to quit (closing its input), then kills it if it has not exited in time.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>Kills the process (and its children) by id, if it is still running.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Pattern.Match(line) is { Success: true } match)
                {
                    _waiters[i].Found.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
            }
        }

        _echo?.Invoke($"  [{Label}] {line}");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _process.Dispose();
    }
}
