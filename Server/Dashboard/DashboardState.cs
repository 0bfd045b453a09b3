using System.Text.Json;
using System.Text.Json.Nodes;
using ILogger = Serilog.ILogger;

namespace SimpleRpc.Server.Dashboard;

/// <summary>What the dashboard's endpoints share: the server, who is signed in, the call figures, the module history and the process sampler.</summary>
/// <remarks>Thread-safe; created and disposed with the <see cref="DashboardHost"/>.</remarks>
internal sealed class DashboardState(ServerHost server, ILogger log) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ServerHost Server => server;

    public ILogger Log => log;

    public DashboardSignIn SignIn { get; } = new(server.Keys);

    public CallStats Calls { get; } = new();

    public ModuleHistory History { get; } = new(server.Modules);

    public ProcessSampler Sampler { get; } = new();

    /// <summary>One live update: the fleet (top-level <c>server</c>, <c>stubs</c>, <c>modules</c>, <c>workers</c>) with the functions' figures and the chart's series.</summary>
    public string LiveJson()
    {
        var update = JsonSerializer.SerializeToNode(FleetSnapshot.Capture(server, Sampler), Json)!.AsObject();
        update["functions"] = JsonSerializer.SerializeToNode(Calls.Functions(), Json);
        update["chart"] = JsonSerializer.SerializeToNode(Calls.Chart(), Json);
        update["spread"] = JsonSerializer.SerializeToNode(PublishSpread.Capture(server), Json);
        return update.ToJsonString(Json);
    }

    public void Dispose()
    {
        Calls.Dispose();
        History.Dispose();
    }
}
