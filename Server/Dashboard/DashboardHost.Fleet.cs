using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SimpleRpc.Server.Dashboard;

// The fleet page: an embedded page, a sign-in with an admin key, a JSON snapshot and a stream of
// them as server-sent events (one a second), so the page updates without a reload.
public sealed partial class DashboardHost
{
    private static readonly TimeSpan EventEvery = TimeSpan.FromSeconds(1);
    private static void MapFleet(WebApplication app, DashboardState state)
    {
        var (server, signIn, log) = (state.Server, state.SignIn, state.Log);
        app.MapGet("/", () => Results.Stream(PageStream(), "text/html; charset=utf-8"));

        app.MapPost("/signin", (HttpContext context) =>
        {
            var (status, token, fingerprint, firstFailure, retryAfter) = signIn.SignIn(context.Request.Headers[DashboardSignIn.KeyHeader].ToString(), context.Connection.RemoteIpAddress);
            var peer = context.Connection.RemoteIpAddress?.ToString();
            if (status == StatusCodes.Status429TooManyRequests)
            {
                // The burst was logged once, when it reached the limit.
                context.Response.Headers.RetryAfter = Sessions.FailedHelloLimiter.Seconds(retryAfter);
                return Results.StatusCode(status);
            }

            if (token is null)
            {
                if (firstFailure)
                {
                    log.Warning("Dashboard sign-in refused for key {KeyFingerprint} from {Peer}: {Status}", fingerprint, peer, status);
                }
                else
                {
                    log.Debug("Dashboard sign-in refused for key {KeyFingerprint} from {Peer}: {Status}", fingerprint, peer, status);
                }

                return Results.StatusCode(status);
            }

            log.Information("Dashboard sign-in by key {KeyFingerprint} from {Peer}", fingerprint, peer);
            context.Response.Cookies.Append(DashboardSignIn.CookieName, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                MaxAge = DashboardSignIn.SessionLifetime,
            });
            return Results.NoContent();
        });

        app.MapPost("/signout", (HttpContext context) =>
        {
            signIn.SignOut(context.Request.Cookies[DashboardSignIn.CookieName]);
            context.Response.Cookies.Delete(DashboardSignIn.CookieName);
            return Results.NoContent();
        });

        app.MapGet("/api/fleet", (HttpContext context) =>
            signIn.Check(context.Request) is var status && status != StatusCodes.Status200OK
                ? Results.StatusCode(status)
                : Results.Json(FleetSnapshot.Capture(server, state.Sampler, history: state.History), DashboardState.Json));

        app.MapGet("/events", async (HttpContext context) =>
        {
            var status = signIn.Check(context.Request);
            if (status != StatusCodes.Status200OK)
            {
                context.Response.StatusCode = status;
                return;
            }

            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";

            // An open page must not hold up the server's stop: Kestrel waits for running requests.
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app.Lifetime.ApplicationStopping);
            var aborted = ends.Token;
            try
            {
                while (!aborted.IsCancellationRequested)
                {
                    var data = state.LiveJson();
                    await context.Response.WriteAsync("event: fleet\ndata: " + data + "\n\n", aborted).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    await Task.Delay(EventEvery, aborted).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The page went away or the server stops.
            }
        });
    }

    private static Stream PageStream() =>
        typeof(DashboardHost).Assembly.GetManifestResourceStream("SimpleRpc.Server.Dashboard.index.html")
            ?? throw new InvalidOperationException("The dashboard page is not embedded in the server.");
}
