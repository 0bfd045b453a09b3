using Serilog;
using Serilog.Events;
using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.Hosting.Logging;

/// <summary>
/// The conf object <c>logging</c> of the server and of a stub: level, per-source overrides,
/// console on or off, and a file (rolling, JSON, compact JSON or text). The flat keys
/// <c>logLevel</c> and <c>logFile</c> are shorthands for <see cref="Level"/> and <c>file.path</c>.
/// </summary>
public sealed class LoggingOptions
{
    private static readonly string[] Formats = ["json", "compact", "text"];

    /// <summary>Minimum level (Verbose, Debug, Information, Warning, Error, Fatal). Null: <c>logLevel</c>. Default null.</summary>
    public string? Level { get; set; }

    /// <summary>Minimum levels per source (namespace or type), over <see cref="Level"/>. Default none.</summary>
    public LogLevelOverrides? Overrides { get; set; }

    /// <summary>Log to standard error (standard output stays the console's). Default true.</summary>
    public bool Console { get; set; } = true;

    /// <summary>A file to log to as well. Null: <c>logFile</c>, if set. Default null.</summary>
    public LogFileOptions? File { get; set; }

    /// <summary>
    /// Combines the <c>logging</c> section with the flat keys and checks every value. The section
    /// wins over <c>logLevel</c>/<c>logFile</c>, and <c>--log-level</c>/<c>--log-file</c> on the
    /// command line win over both.
    /// </summary>
    /// <param name="section">The conf's <c>logging</c> object, or null.</param>
    /// <param name="flat">The process's options, with the command line already applied.</param>
    /// <param name="levelFromCommandLine">True when <c>--log-level</c> was given.</param>
    /// <param name="fileFromCommandLine">True when <c>--log-file</c> was given.</param>
    /// <returns>New options whose <see cref="Level"/> is set; <see cref="File"/> is null when no file is wanted.</returns>
    /// <exception cref="ConfException">A level, interval or format is unknown, or a limit is below 1.</exception>
    public static LoggingOptions Resolve(LoggingOptions? section, IProcessOptions flat, bool levelFromCommandLine, bool fileFromCommandLine)
    {
        ArgumentNullException.ThrowIfNull(flat);
        var file = section?.File;
        var path = fileFromCommandLine ? flat.LogFile : file?.Path ?? flat.LogFile;
        var resolved = new LoggingOptions
        {
            Level = levelFromCommandLine ? flat.LogLevel : section?.Level ?? flat.LogLevel,
            Overrides = section?.Overrides,
            Console = section?.Console ?? true,
            File = string.IsNullOrWhiteSpace(path) ? null : new LogFileOptions
            {
                Path = path,
                RollingInterval = file?.RollingInterval ?? "Infinite",
                RetainedFileCountLimit = file is null ? 31 : file.RetainedFileCountLimit,
                Format = file?.Format ?? "json",
            },
        };
        ParseLevel(resolved.Level, levelFromCommandLine ? "--log-level" : section?.Level is null ? "logLevel" : "logging.level");
        foreach (var (source, level) in resolved.Overrides ?? [])
        {
            ParseLevel(level, $"logging.overrides.{source}");
        }

        if (resolved.File is { } f)
        {
            ParseInterval(f.RollingInterval);
            if (!Formats.Contains(f.Format, StringComparer.OrdinalIgnoreCase))
            {
                throw new ConfException($"Unknown logging.file.format '{f.Format}'; use json, compact or text.");
            }

            if (f.RetainedFileCountLimit is < 1)
            {
                throw new ConfException($"logging.file.retainedFileCountLimit is {f.RetainedFileCountLimit}; it must be at least 1, or null to keep every file.");
            }
        }

        return resolved;
    }

    /// <summary>Parses a level name as the conf writes it.</summary>
    /// <exception cref="ConfException">The name is unknown; the message names <paramref name="key"/>.</exception>
    internal static LogEventLevel ParseLevel(string? level, string key) =>
        Enum.TryParse<LogEventLevel>(level, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new ConfException($"Unknown log level '{level}' ({key}); use Verbose, Debug, Information, Warning, Error or Fatal.");

    /// <summary>Parses a rolling interval name.</summary>
    /// <exception cref="ConfException">The name is unknown.</exception>
    internal static RollingInterval ParseInterval(string interval) =>
        Enum.TryParse<RollingInterval>(interval, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new ConfException($"Unknown logging.file.rollingInterval '{interval}'; use Infinite, Year, Month, Day, Hour or Minute.");
}
