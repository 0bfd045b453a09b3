namespace SimpleRpc.Hosting.Logging;

/// <summary>
/// The conf object <c>logging.file</c>: where and how a process also logs to a file. Read by
/// <see cref="LogSetup"/>; <see cref="LoggingOptions.Resolve"/> checks the values.
/// </summary>
public sealed class LogFileOptions
{
    /// <summary>
    /// The file to write; with a rolling interval the period is added before the extension
    /// (<c>server.log</c> becomes <c>server20250101.log</c>). Null: no file. Default null.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// When a new file starts: <c>Infinite</c> (never, the default), <c>Year</c>, <c>Month</c>,
    /// <c>Day</c>, <c>Hour</c> or <c>Minute</c>.
    /// </summary>
    public string RollingInterval { get; set; } = "Infinite";

    /// <summary>How many rolled files are kept; older ones are deleted. Null keeps all. Default 31.</summary>
    public int? RetainedFileCountLimit { get; set; } = 31;

    /// <summary>
    /// One event per line as <c>json</c> (Serilog's JSON with the rendered message, the default),
    /// <c>compact</c> (Serilog's compact JSON: <c>@t</c>, <c>@mt</c>, <c>@l</c>, properties) or <c>text</c>.
    /// </summary>
    public string Format { get; set; } = "json";
}
