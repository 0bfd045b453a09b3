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

    /// <inheritdoc/>
    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);
}
