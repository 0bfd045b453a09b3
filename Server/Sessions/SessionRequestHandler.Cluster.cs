using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;

namespace SimpleRpc.Server.Sessions;

// The session requests that span the nodes of a cluster (docs/cluster.md); a lone server never comes here.
public sealed partial class SessionRequestHandler
{
    private async Task<HelloResult> HelloInClusterAsync(ClientSession session, HelloRequest hello, CancellationToken cancellationToken)
    {
        Admit(session, hello);
        var outcome = await Directory!.ClaimAsync(hello.Name!, session, hello.Resume, cancellationToken).ConfigureAwait(false);
        if (outcome is ClaimOutcome.Taken or ClaimOutcome.BoundToAnotherKey)
        {
            var suggestion = await Directory.SuggestAsync(hello.Name!, session, cancellationToken).ConfigureAwait(false);
            var why = outcome == ClaimOutcome.Taken ? "is taken" : "belongs to another key";
            _log.Information("Refused name {ClientId} for {Peer}: in the cluster it {Reason}; suggested {Suggestion}", hello.Name, session.Address, why, suggestion);
            throw new RpcException(RpcErrorCodes.NameTaken, $"The name '{hello.Name}' {why}; try '{suggestion}'.", RpcJson.Serialize(new NameTakenData(hello.Name!, suggestion)));
        }

        try
        {
            return Bind(session, hello);
        }
        catch (RpcException)
        {
            // This node refused what the cluster granted (its own key bindings): give the name back.
            var name = session.Name;
            session.Name = hello.Name;
            Directory.Release(session);
            session.Name = name;
            throw;
        }
    }

    private async Task<bool> DeliverInClusterAsync(ClientSession from, SendMessageRequest request, CancellationToken cancellationToken)
    {
        if (_clients.Find(request.To ?? string.Empty) is not null)
        {
            return Deliver(from, request);
        }

        var message = new ChatMessage(from.Name!, request.Text ?? string.Empty, DateTimeOffset.UtcNow);
        if (!await Directory!.DeliverAsync(message, request.To ?? string.Empty, cancellationToken).ConfigureAwait(false))
        {
            throw new RpcException(RpcErrorCodes.ClientNotFound, $"No client named '{request.To}' is connected.");
        }

        _log.Information("Message from {ClientId} to {TargetClientId} delivered through the cluster", from.Name, request.To);
        return true;
    }
}
