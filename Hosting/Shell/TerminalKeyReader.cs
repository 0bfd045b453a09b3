using System.Runtime.InteropServices;

namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// Reads keys from the process's terminal with <see cref="Console.ReadKey(bool)"/>. Ctrl+C is
/// left to the runtime (<see cref="Console.TreatControlCAsInput"/> stays false), so it still
/// stops the process through the generic host's console lifetime and never reaches the editor.
/// </summary>
public sealed class TerminalKeyReader : IConsoleKeyReader
{
    /// <summary>Whether standard input and output are both a terminal, so a line editor can be used.</summary>
    public static bool IsInteractive => !Console.IsInputRedirected && !Console.IsOutputRedirected;

    /// <summary>The terminal's width in columns now (80 when it cannot be read).</summary>
    public static int Width
    {
        get
        {
            try
            {
                return Console.WindowWidth is > 0 and var width ? width : 80;
            }
            catch (Exception ex) when (ex is IOException or PlatformNotSupportedException)
            {
                return 80;
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="resized"/> when the terminal changes size (SIGWINCH); null where the
    /// platform has no such signal (the editor then notices the new width at its next redraw).
    /// </summary>
    /// <returns>The registration; dispose it to stop listening.</returns>
    public static IDisposable? OnResize(Action resized)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => resized());
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);

    /// <inheritdoc/>
    public IDisposable? BeginLine() => TerminalInputMode.Enter();
}
