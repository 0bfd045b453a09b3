using SimpleRpc.ClientStub.Link;

namespace SimpleRpc.ClientStub.Diagnostics;

/// <summary>
/// What the stub's <c>/readyz</c> reports: ready while its link to the server is up (a link is
/// only up once its proxies are synced: the stub syncs before it takes the link into use) and
/// apps can connect, until it starts to stop.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class StubReadiness(ServerLink server)
{
    private volatile bool _accepting;
    private volatile bool _stopping;

    /// <summary>The app port is open.</summary>
    public void Accepting() => _accepting = true;

    /// <summary>The stub started to stop.</summary>
    public void Stopping() => _stopping = true;

    /// <summary>What is not ready, in words; empty when ready.</summary>
    public IReadOnlyList<string> NotReady()
    {
        var waiting = new List<string>(3);
        if (server.Connection is null)
        {
            waiting.Add("the link to the server is down (proxies are synced when it comes back)");
        }

        if (!_accepting)
        {
            waiting.Add("the app port is not open yet");
        }

        if (_stopping)
        {
            waiting.Add("the stub is stopping");
        }

        return waiting;
    }
}
