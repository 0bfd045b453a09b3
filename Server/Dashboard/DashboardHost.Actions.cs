using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleRpc.Protocol;

namespace SimpleRpc.Server.Dashboard;

// The admin actions: try a function, unregister a module, cancel a running call, disconnect a
// stub, stop a worker. Each checks the admin role (the key or its session) on every request,
// needs a JSON body (a cross-site form cannot send one without a CORS preflight, which this
// endpoint never grants), and is logged with the fingerprint of the key that did it.
public sealed partial class DashboardHost
{
    private static void MapActions(WebApplication app, DashboardState state)
    {
        var server = state.Server;
        MapAction(app, state, "try", async (body, who, cancellationToken) =>
        {
            var method = Text(body, "method");
            var parameters = body.TryGetProperty("params", out var p) && p.ValueKind is JsonValueKind.Array or JsonValueKind.Object ? p.GetRawText() : "[]";
            state.Log.Information("Dashboard call {Method} by key {KeyFingerprint} (admin)", method, who);
            var request = JsonRpcMessage.Request(RpcId.From(0), method, parameters);
            var reply = await Diagnostics.MeasuredCall.DispatchAsync(server.Dispatcher, request, "dashboard", cancellationToken).ConfigureAwait(false);
            return reply.Error is { } error
                ? Results.Json(new { error = new { error.Code, error.Message, data = error.DataJson is null ? null : System.Text.Json.Nodes.JsonNode.Parse(error.DataJson) } }, DashboardState.Json)
                : Results.Text("{\"result\":" + (reply.ResultJson ?? "null") + "}", "application/json");
        });

        MapAction(app, state, "unregister", async (body, who, cancellationToken) =>
        {
            var module = Text(body, "module");
            state.Log.Warning("Dashboard action unregister {ModuleName} by key {KeyFingerprint} (admin)", module, who);
            var removed = await server.Modules.RemoveAsync(module, "dashboard (key " + who + ")", mayRemoveOthers: true, cancellationToken).ConfigureAwait(false);
            return removed ? Results.NoContent() : Results.NotFound();
        });

        MapAction(app, state, "cancel", (body, who, _) =>
        {
            var session = Session(server, Text(body, "session"));
            var id = body.TryGetProperty("id", out var raw) && raw.ValueKind == JsonValueKind.Number ? RpcId.From(raw.GetInt64()) : RpcId.From(Text(body, "id"));
            state.Log.Warning("Dashboard action cancel call {CallId} of {ClientId} by key {KeyFingerprint} (admin)", id.ToString(), session?.Name, who);
            if (session is null || !session.RunningCallIds().Contains(id))
            {
                return Task.FromResult(Results.NotFound());
            }

            session.Cancel(id);
            return Task.FromResult(Results.NoContent());
        });

        MapAction(app, state, "disconnect", (body, who, _) =>
        {
            var session = Session(server, Text(body, "session"));
            state.Log.Warning("Dashboard action disconnect {ClientId} ({SessionId}) by key {KeyFingerprint} (admin)", session?.Name, session?.SessionId, who);
            session?.Connection.Close();
            return Task.FromResult(session is null ? Results.NotFound() : Results.NoContent());
        });

        MapAction(app, state, "stop-worker", (body, who, _) =>
        {
            var module = Text(body, "module");
            state.Log.Warning("Dashboard action stop worker of {ModuleName} by key {KeyFingerprint} (admin)", module, who);
            var stopped = server.Workers?.StopWorker(module, "stopped from the dashboard") ?? false;
            return Task.FromResult(stopped ? Results.NoContent() : Results.NotFound());
        });
    }

    private static void MapAction(WebApplication app, DashboardState state, string name, Func<JsonElement, string, CancellationToken, Task<IResult>> action) =>
        app.MapPost("/api/actions/" + name, async (HttpContext context) =>
        {
            var (status, who) = state.SignIn.Identify(context.Request);
            if (status != StatusCodes.Status200OK)
            {
                // Past the address's limit the burst is logged once, not per request.
                state.Log.Write(
                    status == StatusCodes.Status429TooManyRequests ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Warning,
                    "Refused dashboard action {Action} from {Peer}: {Status}",
                    name,
                    context.Connection.RemoteIpAddress?.ToString(),
                    status);
                return Results.StatusCode(status);
            }

            if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
            {
                return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
            }

            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
                return await action(body.RootElement, who, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
            {
                return Results.BadRequest(new { error = ex.Message });
            }
        });

    private static string Text(JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new KeyNotFoundException($"The body needs \"{property}\".");

    private static Sessions.ClientSession? Session(ServerHost server, string sessionId) =>
        server.Clients.Snapshot().FirstOrDefault(s => s.SessionId == sessionId);
}
