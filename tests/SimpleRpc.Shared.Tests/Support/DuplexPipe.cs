using System.IO.Pipelines;

namespace SimpleRpc.Shared.Tests.Support;

/// <summary>
/// Two connected in-memory streams: what one end writes, the other reads. Disposing an end
/// ends the other end's reads with end-of-stream, as closing a socket would.
/// </summary>
internal static class DuplexPipe
{
    /// <summary>Creates a connected pair of streams.</summary>
    public static (Stream A, Stream B) Create()
    {
        var options = new PipeOptions(useSynchronizationContext: false);
        var aToB = new Pipe(options);
        var bToA = new Pipe(options);
        return (new PipeDuplexStream(bToA.Reader, aToB.Writer), new PipeDuplexStream(aToB.Reader, bToA.Writer));
    }
}
