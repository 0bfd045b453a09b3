using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace SimpleRpc.Logging;

/// <summary>
/// Builds the Serilog logger for a SimpleRpc process: structured events to standard error (so
/// standard output stays the console's), plus a JSON-lines file when the conf names one.
/// </summary>
public static class LogSetup
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>Creates the logger and installs it as <see cref="Log.Logger"/>.</summary>
    /// <param name="app">The process's role, added to every event as <c>App</c>.</param>
    /// <param name="level">Minimum level name (Verbose, Debug, Information, Warning, Error, Fatal).</param>
    /// <param name="logFile">A file to log to as well, or null.</param>
    /// <exception cref="Configuration.ConfException">The level name is unknown.</exception>
    public static Logger Create(string app, string level, string? logFile)
    {
        if (!Enum.TryParse<LogEventLevel>(level, ignoreCase: true, out var minimum))
        {
            throw new Configuration.ConfException($"Unknown log level '{level}'; use Verbose, Debug, Information, Warning, Error or Fatal.");
        }

        var config = new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("App", app)
            .WriteTo.Console(outputTemplate: ConsoleTemplate, standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrWhiteSpace(logFile))
        {
            // One JSON object per line with every property, so a file log can be queried.
            config = config.WriteTo.File(new JsonFormatter(renderMessage: true, formatProvider: System.Globalization.CultureInfo.InvariantCulture), logFile);
        }

        var logger = config.CreateLogger();
        Log.Logger = logger;
        return logger;
    }
}
