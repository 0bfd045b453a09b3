using SimpleRpc.Walkthrough;

namespace SimpleRpc.Integration.Tests.Support;

/// <summary>A running ClientStub and what its ready line said.</summary>
public sealed class StubProcess(ChildProcess process, string proxyDir)
{
    public ChildProcess Process { get; } = process;

    public string ProxyDir { get; } = proxyDir;

    public string Name { get; private set; } = string.Empty;

    public string AppEndpoint { get; private set; } = string.Empty;

    public async Task WaitReadyAsync()
    {
        var ready = await Process.WaitForLineAsync(@"stub '([^']+)' connected to \S+; apps connect to (\S+);", Cluster.StepTimeout);
        Name = ready.Groups[1].Value;
        AppEndpoint = ready.Groups[2].Value;
    }

    /// <summary>Registers a module from this stub's console (with <c>--breaking</c> when <paramref name="breaking"/>) and returns the console's answer.</summary>
    public async Task<string> RegisterAsync(string path, bool breaking = false)
    {
        var mark = Process.LineCount;
        Process.Send("rm:" + path + (breaking ? " --breaking" : string.Empty));
        return (await Process.WaitForLineAsync(@"Registered \S+ v\d+.*|did not compile.*|Module '\S+' was not published.*|error: .*", Cluster.StepTimeout, mark)).Value;
    }
}
