using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using SimpleRpc.Hosting.Shell;

namespace SimpleRpc.Hosting.Logging;

/// <summary>
/// The console sink of a SimpleRpc process: while a console runs on the terminal, log lines are
/// written above its prompt (<see cref="ConsoleShell"/>), never over the line being typed;
/// otherwise they go to the standard console sink (standard error). Events marked
/// <see cref="LogSetup.ShownOnConsole"/> are left out: the console already printed them, so they
/// show once (they still reach the log file).
/// </summary>
internal sealed class PromptAwareConsoleSink(Logger inner, ITextFormatter formatter) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Properties.TryGetValue(LogSetup.ShownOnConsole, out var shown) && shown is ScalarValue { Value: true })
        {
            return;
        }

        if (ConsoleShell.Interactive is { } shell)
        {
            var text = new StringWriter();
            formatter.Format(logEvent, text);
            shell.WriteLog(text.ToString());
            return;
        }

        inner.Write(logEvent);
    }

    public void Dispose() => inner.Dispose();
}
