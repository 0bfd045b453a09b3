namespace SimpleRpc.Hosting.Shell;

/// <summary>Where a <see cref="LineEditor"/> reads keys: the terminal, or a script in tests.</summary>
public interface IConsoleKeyReader
{
    /// <summary>
    /// Blocks until a key is pressed and returns it without echoing it. Called from one thread
    /// at a time (the editor's reading thread).
    /// </summary>
    ConsoleKeyInfo ReadKey();

    /// <summary>
    /// Called before a line's prompt is drawn; the line ends when the result is disposed. A
    /// terminal reader holds the terminal in key-at-a-time mode for that long, so keys typed
    /// before a read are not edited or echoed by the terminal. Null when there is nothing to hold.
    /// </summary>
    IDisposable? BeginLine() => null;
}
