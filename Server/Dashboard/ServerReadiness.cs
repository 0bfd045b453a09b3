namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// What <c>/readyz</c> reports: the server is ready once its stored modules are loaded, the
/// compiler is warm and stubs are accepted, and stops being ready when it starts to stop.
/// </summary>
/// <remarks>Thread-safe: each part is set once, from whichever thread finishes it.</remarks>
public sealed class ServerReadiness
{
    private volatile bool _storeLoaded;
    private volatile bool _compilerWarm;
    private volatile bool _accepting;
    private volatile bool _stopping;

    /// <summary>The stored modules were restored.</summary>
    public void StoreLoaded() => _storeLoaded = true;

    /// <summary>The warm-up compile finished (or gave up: warming is an optimisation).</summary>
    public void CompilerWarmed() => _compilerWarm = true;

    /// <summary>The stub listener is bound and accepting.</summary>
    public void Accepting() => _accepting = true;

    /// <summary>The server started to stop: it refuses new calls and no longer accepts stubs.</summary>
    public void Stopping() => _stopping = true;

    /// <summary>True when every part is ready.</summary>
    public bool IsReady => NotReady().Count == 0;

    /// <summary>What is not ready yet, in words for the <c>/readyz</c> body; empty when ready.</summary>
    public IReadOnlyList<string> NotReady()
    {
        var waiting = new List<string>(4);
        if (!_storeLoaded)
        {
            waiting.Add("the stored modules are not loaded yet");
        }

        if (!_compilerWarm)
        {
            waiting.Add("the compiler is still warming up");
        }

        if (!_accepting)
        {
            waiting.Add("stubs are not accepted yet");
        }

        if (_stopping)
        {
            waiting.Add("the server is stopping");
        }

        return waiting;
    }
}
