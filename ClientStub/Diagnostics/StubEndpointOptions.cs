namespace SimpleRpc.ClientStub.Diagnostics;

/// <summary>
/// The stub's HTTP endpoint (conf object <c>dashboard</c>): <c>/metrics</c>, <c>/healthz</c> and
/// <c>/readyz</c>. Off by default: several stubs often share a machine, and each would need a port.
/// </summary>
public sealed class StubEndpointOptions
{
    /// <summary>Turns the endpoint on. Default false; <c>--dashboard-port</c> turns it on.</summary>
    public bool Enabled { get; set; }

    /// <summary>Address to listen on: an IP address or <c>localhost</c>. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 (the default) lets the OS choose, and the log says which.</summary>
    public int Port { get; set; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="SimpleRpc.Hosting.Configuration.ConfException">A value is out of range.</exception>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new SimpleRpc.Hosting.Configuration.ConfException($"dashboard.port is {Port}; it must be between 0 and 65535.");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new SimpleRpc.Hosting.Configuration.ConfException("dashboard.host is empty; use 127.0.0.1 (the default), ::1 or an address of this machine.");
        }
    }
}
