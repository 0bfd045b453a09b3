namespace SimpleRpc.ClientStub.Console;

/// <summary>
/// Reports progress on the reporting thread, in order. <see cref="Progress{T}"/> posts each
/// report to the thread pool, so lines could come out of order or after the upload's result.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
