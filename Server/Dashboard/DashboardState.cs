using System.Text.Json;
using System.Text.Json.Nodes;
using ILogger = Serilog.ILogger;

namespace SimpleRpc.Server.Dashboard;

/// <summary>What the dashboard's endpoints share: the server, who is signed in, the call figures, the module history and the process sampler.</summary>
/// <remarks>Thread-safe; created and disposed with the <see cref="DashboardHost"/>.</remarks>
internal sealed class DashboardState(ServerHost server, DashboardOptions options, ILogger log) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ServerHost Server => server;

    public ILogger Log => log;

    public DashboardSignIn SignIn { get; } = new(server.Keys, options.MaxFailedSignInsPerMinute, log);

    public CallStats Calls { get; } = new();

    public ModuleHistory History { get; } = new(server.Modules, new ModuleHistoryStore(ModuleHistoryStore.BesideStore(server.Store), log));

    public ProcessSampler Sampler { get; } = new();

    private StubCallRates Rates { get; } = new();

    /// <summary>One live update: the fleet (top-level <c>server</c>, <c>stubs</c>, <c>modules</c>, <c>workers</c>) with the functions' figures, the chart's series, each module's publish spread and the modules with a failed publish.</summary>
    public string LiveJson()
    {
        var update = JsonSerializer.SerializeToNode(FleetSnapshot.Capture(server, Sampler, Rates.Read(server.Clients.Snapshot()), History), Json)!.AsObject();
        update["functions"] = JsonSerializer.SerializeToNode(Calls.Functions(), Json);
        update["chart"] = JsonSerializer.SerializeToNode(Calls.Chart(), Json);
        update["spread"] = JsonSerializer.SerializeToNode(PublishSpread.Capture(server, History), Json);
        update["failedPublishes"] = JsonSerializer.SerializeToNode(History.FailedModules.Order(StringComparer.Ordinal).ToList(), Json);
        return update.ToJsonString(Json);
    }

    public void Dispose()
    {
        Calls.Dispose();
        History.Dispose();
    }
}
