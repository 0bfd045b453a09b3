namespace SimpleRpc.Hosting.Shell;

/// <summary>Where a <see cref="LineEditor"/> reads keys: the terminal, or a script in tests.</summary>
public interface IConsoleKeyReader
{
    /// <summary>
    /// Blocks until a key is pressed and returns it without echoing it. Called from one thread
    /// at a time (the editor's reading thread).
    /// </summary>
    ConsoleKeyInfo ReadKey();
}
