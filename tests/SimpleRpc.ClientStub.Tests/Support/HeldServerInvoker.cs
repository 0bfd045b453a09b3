using System.Collections.Concurrent;
using SimpleRpc.ClientStub.Link;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Tests.Support;

/// <summary>
/// Stands in for the server link of a <see cref="ModuleUploader"/>: answers the begin, holds each
/// chunk's answer until the test releases it (or answers at once when <see cref="AnswerAtOnce"/>),
/// and records how many chunks were unanswered when each was sent.
/// </summary>
public sealed class HeldServerInvoker : IServerInvoker
{
    private readonly ConcurrentQueue<TaskCompletionSource<bool>> _held = new();
    private readonly SemaphoreSlim _sent = new(0);
    private int _inFlight;

    /// <summary>Answer chunks as they come; <see cref="Refuse"/> picks the ones refused.</summary>
    public bool AnswerAtOnce { get; init; }

    /// <summary>A chunk index refused with -32010, and every chunk after it (the upload is dropped).</summary>
    public int? Refuse { get; init; }

    /// <summary>Indexes of the chunks sent, in order.</summary>
    public ConcurrentQueue<int> SentIndexes { get; } = new();

    /// <summary>The most chunks ever unanswered at once, the one being sent included.</summary>
    public int MostInFlight { get; private set; }

    /// <summary>Whether a commit was sent.</summary>
    public bool Committed { get; private set; }

    public Task<T?> InvokeAsync<T>(string method, object? parameters, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case Methods.UploadBegin:
                return Task.FromResult((T?)(object)new UploadStarted("u1", 1024 * 1024));
            case Methods.UploadCommit:
                Committed = true;
                return Task.FromResult(default(T));
            case Methods.UploadChunk:
                var index = ((UploadChunk)parameters!).Index;
                SentIndexes.Enqueue(index);
                MostInFlight = Math.Max(MostInFlight, Interlocked.Increment(ref _inFlight));
                var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (index >= Refuse)
                {
                    Interlocked.Decrement(ref _inFlight);
                    return Task.FromException<T?>(new RpcException(RpcErrorCodes.UploadRefused, index == Refuse ? $"Upload refused: chunk {index} does not match its sha256." : "Upload refused: No open upload 'u1'."));
                }

                if (AnswerAtOnce)
                {
                    Interlocked.Decrement(ref _inFlight);
                    return Task.FromResult((T?)(object)true);
                }

                _held.Enqueue(answer);
                _sent.Release();
                return answer.Task.ContinueWith(t => (T?)(object)t.Result, TaskScheduler.Default);
            default:
                throw new RpcException(RpcErrorCodes.MethodNotFound, method);
        }
    }

    /// <summary>Waits until <paramref name="count"/> more held chunks have been sent.</summary>
    public async Task WaitForSentAsync(int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            if (!await _sent.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken))
            {
                throw new TimeoutException($"Only {i} of {count} more chunks were sent; sent so far: {string.Join(",", SentIndexes)}.");
            }
        }
    }

    /// <summary>Answers the oldest held chunk.</summary>
    public void AnswerOldest()
    {
        if (_held.TryDequeue(out var answer))
        {
            Interlocked.Decrement(ref _inFlight);
            answer.SetResult(true);
        }
    }
}
