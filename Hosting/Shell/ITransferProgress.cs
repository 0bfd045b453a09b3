namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// Shows an upload's progress on a console (<see cref="ConsoleShell.StartTransferAsync"/>): a
/// Spectre.Console bar with the rate on a terminal, plain lines when output is redirected.
/// </summary>
/// <remarks>Report from one thread at a time, in order; dispose when the upload has an answer.</remarks>
public interface ITransferProgress : IAsyncDisposable
{
    /// <summary><paramref name="sent"/> of <paramref name="total"/> bytes are on their way.</summary>
    void Report(long sent, long total);

    /// <summary>Every byte is sent; the receiver is compiling (no more progress until the answer).</summary>
    void Compiling();
}
