using SimpleRpc.Protocol;

namespace SimpleRpc.Shared.Tests.Rpc;

// An unexpected exception becomes -32603 for the peer, without the local paths in its message.
public sealed partial class JsonRpcConnectionTests
{
    [Test]
    public async Task SendRequestAsync_HandlerThrowsIOExceptionWithPath_InternalErrorWithoutThePath(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair((connection, message) =>
            throw new IOException("No space left on device : '/srv/simplerpc/data/modules/.new-z-0123456789abcdef0123456789abcdef/source.cs'"));

        var reply = await client.SendRequestAsync("store", null, cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.InternalError));
        Assert.That(reply.Error.Message, Is.EqualTo("Internal error: No space left on device"));
    }
}
