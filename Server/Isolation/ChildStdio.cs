using System.Runtime.InteropServices;
using Serilog;
using Serilog.Events;

namespace SimpleRpc.Server.Isolation;

/// <summary>
/// What every child mode of the server executable sets up first (a worker, the compile process):
/// Ctrl+C and Ctrl+\ are ignored (a terminal signals the whole process group, and the server
/// decides when its children end: it closes their input, or kills them), standard output becomes
/// the protocol (anything else printed goes to standard error), and log lines go to standard
/// error, where the server reads them into its own log.
/// </summary>
internal sealed class ChildStdio : IDisposable
{
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigquit;

    private ChildStdio(LogEventLevel level)
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, static context => context.Cancel = true);
        _sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, static context => context.Cancel = true);
        Input = Console.OpenStandardInput();
        Output = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);
        Log = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "{Level:u3} {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }

    /// <summary>The server's messages.</summary>
    public Stream Input { get; }

    /// <summary>Where this process's messages go, and nothing else.</summary>
    public Stream Output { get; }

    /// <summary>The process's log, written to standard error.</summary>
    public Serilog.Core.Logger Log { get; }

    /// <summary>Sets the process up as a child of the server, logging at <paramref name="level"/>.</summary>
    public static ChildStdio Open(LogEventLevel level) => new(level);

    /// <summary>The log level a child was started with (its argument at <paramref name="index"/>), else Information.</summary>
    public static LogEventLevel LevelOf(string[] args, int index) =>
        args.Length > index && Enum.TryParse<LogEventLevel>(args[index], ignoreCase: true, out var parsed) ? parsed : LogEventLevel.Information;

    /// <inheritdoc/>
    public void Dispose()
    {
        Log.Dispose();
        _sigquit.Dispose();
        _sigint.Dispose();
    }
}
