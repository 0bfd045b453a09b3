using System.Diagnostics;
using Serilog;
using SimpleRpc.Hosting.Logging;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Isolation;

namespace SimpleRpc.Server.Compilation.Remote;

/// <summary>
/// One running compile process, seen from the server (<see cref="CompileProgram"/>): the child,
/// the JSON-RPC link over its standard input and output, and its standard error copied into the
/// server's log at debug level.
/// </summary>
/// <remarks>Thread-safe. <see cref="Ended"/> completes once, after the process has exited.</remarks>
internal sealed class CompileProcess
{
    private const int MaxLoggedLines = 200;
    private readonly Process _process;
    private readonly ILogger _log;
    private readonly Task _ended;

    private CompileProcess(Process process, ILogger log)
    {
        _process = process;
        ProcessId = process.Id;
        _log = log;
        var options = new JsonRpcConnectionOptions { MaxFrameBytes = CompileMethods.MaxFrameBytes, MaxQueuedBytes = 1L << 30 };
        var input = process.StandardInput.BaseStream;
        var link = new DuplexStream(process.StandardOutput.BaseStream, (Stream?)PipeWriteStream.TryCreate(input) ?? input);
        Connection = new JsonRpcConnection(link, options, log.ForExtensions<JsonRpcConnection>(), $"compile process ({process.Id})");
        var errors = CopyStandardErrorAsync();
        _ended = WatchExitAsync(errors);
    }

    /// <summary>The operating system's process id.</summary>
    public int ProcessId { get; }

    /// <summary>The link to the process.</summary>
    public JsonRpcConnection Connection { get; }

    /// <summary>Compiles this process has run (or been sent).</summary>
    public int Compiles { get; set; }

    /// <summary>Completes after the process exited.</summary>
    public Task Ended => _ended;

    /// <summary>Starts a compile process from the server's own executable (as module workers are started).</summary>
    /// <param name="logLevel">The process's minimum log level (the server's <c>logLevel</c>).</param>
    /// <param name="memoryLimitMB">Its managed heap limit (<c>compileMemoryLimitMB</c>); 0: none.</param>
    /// <param name="log">The server's log.</param>
    /// <exception cref="System.ComponentModel.Win32Exception">The process could not be started.</exception>
    public static CompileProcess Start(string logLevel, int memoryLimitMB, ILogger log)
    {
        // WorkerCommand ends with the worker's switch: the compile process is the same program with another.
        var (fileName, arguments) = Isolation.Host.WorkerSettings.WorkerCommand();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Take(arguments.Count - 1))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(CompileProgram.Switch);
        start.ArgumentList.Add(logLevel);
        start.Environment["DOTNET_gcServer"] = "0";

        // Past this heap the compiler gets OutOfMemoryException and the process ends: a module
        // that makes the compiler allocate without end costs its own compile, not the machine.
        if (memoryLimitMB > 0)
        {
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)memoryLimitMB * 1024 * 1024).ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a compile process.");
        var compile = new CompileProcess(process, log);
        compile.Connection.Start();
        log.Debug("Started compile process {ProcessId}", process.Id);
        return compile;
    }

    /// <summary>Kills the process now (it has no children of its own); harmless once it has exited.</summary>
    /// <param name="reason">Why, for the log.</param>
    public void Kill(string reason)
    {
        if (_ended.IsCompleted)
        {
            return;
        }

        _log.Warning("Killing compile process {ProcessId}: {Reason}", ProcessId, reason);
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or ObjectDisposedException)
        {
            // It exited already.
        }
    }

    /// <summary>Asks the process to end (closes its input); kills it if it has not ended within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Connection.Close();
        try
        {
            await _ended.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill("it did not stop within " + grace.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " s of being asked");
            await _ended.ConfigureAwait(false);
        }
    }

    private async Task CopyStandardErrorAsync()
    {
        var logged = 0;
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (++logged <= MaxLoggedLines)
                {
                    _log.Debug("Compile process {ProcessId}: {Line}", ProcessId, line);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe broke with the process.
        }
    }

    private async Task WatchExitAsync(Task standardError)
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        await Task.WhenAny(standardError, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        Connection.Close();
        _log.Debug("Compile process {ProcessId} exited with code {ExitCode}", ProcessId, _process.ExitCode);
        _process.Dispose();
    }
}
