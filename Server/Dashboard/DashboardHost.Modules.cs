using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Server.Dashboard;

// The modules page: versions with their source and proxy, the last failed publish with its
// diagnostics, and the functions' "try it" forms built from a stub's rpc.discover document.
public sealed partial class DashboardHost
{
    private static readonly TimeSpan DiscoverTimeout = TimeSpan.FromSeconds(10);

    private static void MapModules(WebApplication app, DashboardState state)
    {
        var server = state.Server;
        app.MapGet("/api/modules/{name}", (HttpContext context, string name) =>
        {
            if (state.SignIn.Check(context.Request) is var status && status != StatusCodes.Status200OK)
            {
                return Results.StatusCode(status);
            }

            var versions = state.History.Versions(name);
            var failure = state.History.LastFailure(name);
            if (versions.Count == 0 && failure is null)
            {
                return Results.NotFound();
            }

            var serving = server.Modules.Find(name)?.Info.Version;
            return Results.Json(
                new
                {
                    name,
                    serving,
                    versions,
                    failure = failure is null ? null : new { failure.RegisteredBy, failure.At, failure.Source, failure.Diagnostics },
                },
                DashboardState.Json);
        });

        // The forms follow what apps see: a connected stub's rpc.discover document, asked over its link.
        app.MapGet("/api/discover", async (HttpContext context) =>
        {
            if (state.SignIn.Check(context.Request) is var status && status != StatusCodes.Status200OK)
            {
                return Results.StatusCode(status);
            }

            foreach (var stub in server.Clients.Snapshot().Where(s => s.Name is not null))
            {
                try
                {
                    var reply = await stub.Connection.SendRequestAsync(Methods.Discover, null, context.RequestAborted).WaitAsync(DiscoverTimeout, context.RequestAborted).ConfigureAwait(false);
                    if (reply.Error is null && reply.ResultJson is { } document)
                    {
                        return Results.Text("{\"stub\":" + System.Text.Json.JsonSerializer.Serialize(stub.Name) + ",\"document\":" + document + "}", "application/json");
                    }
                }
                catch (Exception ex) when (ex is TimeoutException or RpcException or IOException or ObjectDisposedException)
                {
                    state.Log.Debug("Stub {ClientId} gave no rpc.discover document: {Reason}", stub.Name, ex.Message);
                }
            }

            return Results.Json(new { stub = (string?)null, document = (object?)null }, DashboardState.Json);
        });
    }
}
