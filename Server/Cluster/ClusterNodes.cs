using Orleans.Runtime;
using Orleans.Runtime.Services;
using Serilog;

namespace SimpleRpc.Server.Cluster;

/// <summary>
/// The cluster's other live nodes as this node asks them: every silo active in this node's view
/// of the membership, each through its own <see cref="INodeService"/>; and this process's node,
/// which answers them (<see cref="Local"/>).
/// </summary>
/// <remarks>
/// <c>clients</c>, <c>msg</c> and the publish gate's callers ask the nodes directly rather than
/// through the node directory grain: a directory that has just moved (its node died) knows only
/// the nodes that subscribed again since, so its answers were incomplete for a few seconds
/// (ClusterFailoverTests.KillNode_OfTheDirectory_ClientsAndMsgReachAStubOnAnotherLiveNode).
/// A node still listed as active that is dead and not yet declared dead does not answer: it adds
/// nothing, after <see cref="AskTimeout"/> at most. Thread-safe: the questions go out at once.
/// </remarks>
public sealed class ClusterNodes : GrainServiceClient<INodeService>
{
    /// <summary>How long a node has to answer before it is left out.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    private readonly IClusterMembershipService _membership;
    private readonly SiloAddress _self;
    private readonly ILogger _log;

    /// <summary>Created by the silo's services (one per process).</summary>
    public ClusterNodes(IServiceProvider services, IClusterMembershipService membership, ILocalSiloDetails self, ILogger log)
        : base(services)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(log);
        _membership = membership;
        _self = self.SiloAddress;
        _log = log.ForContext<ClusterNodes>();
    }

    /// <summary>This process's node once its server is attached to the silo; until then it answers nothing.</summary>
    public ClusterNode? Local { get; set; }

    /// <summary>Asks every other active node at once and joins their answers; a node that fails or is late adds nothing.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<List<T>> AskOthersAsync<T>(Func<INodeService, Task<List<T>>> ask, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(Others().Select(silo => AskAsync(silo, ask, [], cancellationToken))).ConfigureAwait(false);
        return [.. answers.SelectMany(a => a)];
    }

    /// <summary>Asks every other active node at once; true when any of them answered true.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<bool> AnyOtherAsync(Func<INodeService, Task<bool>> ask, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(Others().Select(silo => AskAsync(silo, ask, false, cancellationToken))).ConfigureAwait(false);
        return answers.Any(a => a);
    }

    private async Task<T> AskAsync<T>(SiloAddress silo, Func<INodeService, Task<T>> ask, T none, CancellationToken cancellationToken)
    {
        try
        {
            return await ask(GetGrainService(silo)).WaitAsync(AskTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            _log.Warning("The node on silo {Silo} did not answer: {Reason}", silo.ToString(), ex.Message);
            return none;
        }
    }

    private List<SiloAddress> Others() =>
        [.. _membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(_self))
            .Select(m => m.SiloAddress)];
}
