using Serilog.Extensions.Logging;
using ExtensionsLogger = Microsoft.Extensions.Logging.ILogger;

namespace SimpleRpc.Hosting.Logging;

/// <summary>
/// Hands a program's Serilog logger to Shared, which logs only through
/// Microsoft.Extensions.Logging abstractions (Serilog.Extensions.Logging does the translation).
/// </summary>
/// <remarks>
/// A returned logger writes through the Serilog logger's pipeline (its level, overrides,
/// sinks and <c>LogContext</c> properties) with <c>SourceContext</c> set to the category, so a
/// conf's <c>logging.overrides</c> can name Shared's types (<c>SimpleRpc.Rpc</c>). Its
/// <c>IsEnabled</c> asks Serilog, so a disabled level stays a cheap check. Thread-safe.
/// </remarks>
public static class SerilogBridge
{
    /// <summary>A logger for <typeparamref name="T"/>'s category (its full name) that writes through <paramref name="log"/>.</summary>
    public static ExtensionsLogger ForExtensions<T>(this Serilog.ILogger log) => ForExtensions(log, typeof(T).FullName ?? typeof(T).Name);

    /// <summary>A logger for <paramref name="category"/> that writes through <paramref name="log"/>.</summary>
    public static ExtensionsLogger ForExtensions(this Serilog.ILogger log, string category)
    {
        ArgumentNullException.ThrowIfNull(log);
        // The provider owns nothing here (dispose: false); the logger it makes keeps what it needs.
        return new SerilogLoggerProvider(log, dispose: false).CreateLogger(category);
    }
}
