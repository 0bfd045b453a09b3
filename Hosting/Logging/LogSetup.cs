using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace SimpleRpc.Hosting.Logging;

/// <summary>
/// Builds the Serilog logger for a SimpleRpc process from its conf (<see cref="LoggingOptions"/>):
/// structured events to standard error (so standard output stays the console's), plus a file,
/// optionally rolling, as JSON lines, compact JSON lines or text.
/// </summary>
public static class LogSetup
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";
    /// <summary>
    /// A property that marks an event the console has already printed (a received message): the
    /// console sink leaves it out so it shows once; files keep it.
    /// </summary>
    public const string ShownOnConsole = "ShownOnConsole";

    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Creates the logger from the flat keys only and installs it as <see cref="Log.Logger"/>.</summary>
    /// <param name="app">The process's role, added to every event as <c>App</c>.</param>
    /// <param name="level">Minimum level name (Verbose, Debug, Information, Warning, Error, Fatal).</param>
    /// <param name="logFile">A file to log to as well (JSON lines), or null.</param>
    /// <exception cref="Configuration.ConfException">The level name is unknown.</exception>
    public static Logger Create(string app, string level, string? logFile) =>
        Create(app, new LoggingOptions { Level = level, File = logFile is null ? null : new LogFileOptions { Path = logFile } });

    /// <summary>
    /// Creates the logger and installs it as <see cref="Log.Logger"/>; call
    /// <see cref="Log.CloseAndFlushAsync"/> before the process exits.
    /// </summary>
    /// <param name="app">The process's role, added to every event as <c>App</c>.</param>
    /// <param name="options">Options from <see cref="LoggingOptions.Resolve"/>; a null level means Information.</param>
    /// <exception cref="Configuration.ConfException">A level, interval or format is unknown.</exception>
    public static Logger Create(string app, LoggingOptions options)
    {
        var logger = CreateLogger(app, options);
        Log.Logger = logger;
        return logger;
    }

    /// <summary>Creates the logger without installing it (tests, and processes with more than one).</summary>
    /// <exception cref="Configuration.ConfException">A level, interval or format is unknown.</exception>
    public static Logger CreateLogger(string app, LoggingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(LoggingOptions.ParseLevel(options.Level ?? "Information", "logging.level"))
            .Enrich.FromLogContext()
            .Enrich.WithProperty("App", app);
        foreach (var (source, level) in options.Overrides ?? [])
        {
            config = config.MinimumLevel.Override(source, LoggingOptions.ParseLevel(level, $"logging.overrides.{source}"));
        }

        if (options.Console)
        {
            // Above the prompt while a console runs on the terminal (PromptAwareConsoleSink).
            var console = new LoggerConfiguration()
                .MinimumLevel.Verbose()
                .WriteTo.Console(outputTemplate: ConsoleTemplate, standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: CultureInfo.InvariantCulture)
                .CreateLogger();
            config = config.WriteTo.Sink(new PromptAwareConsoleSink(console, new MessageTemplateTextFormatter(ConsoleTemplate, CultureInfo.InvariantCulture)));
        }

        if (options.File is { Path: { Length: > 0 } path } file)
        {
            config = config.WriteTo.File(
                Formatter(file.Format),
                path,
                rollingInterval: LoggingOptions.ParseInterval(file.RollingInterval),
                retainedFileCountLimit: file.RetainedFileCountLimit);
        }

        return config.CreateLogger();
    }

    private static ITextFormatter Formatter(string format) => format.ToLowerInvariant() switch
    {
        // One JSON object per line with every property, so a file log can be queried.
        "json" => new JsonFormatter(renderMessage: true, formatProvider: CultureInfo.InvariantCulture),
        "compact" => new CompactJsonFormatter(),
        "text" => new MessageTemplateTextFormatter(FileTemplate, CultureInfo.InvariantCulture),
        _ => throw new Configuration.ConfException($"Unknown logging.file.format '{format}'; use json, compact or text."),
    };
}
