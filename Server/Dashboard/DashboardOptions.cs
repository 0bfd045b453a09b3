namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// The server's HTTP endpoint (conf object <c>dashboard</c>): <c>/metrics</c> in Prometheus text
/// format, <c>/healthz</c> and <c>/readyz</c>. docs/operations.md says what it serves and why it
/// binds to loopback by default.
/// </summary>
public sealed class DashboardOptions
{
    /// <summary>Turns the endpoint on. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address to listen on. Default <c>127.0.0.1</c> (this machine only).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 lets the OS choose (the log says which). Default 5080.</summary>
    public int Port { get; set; } = 5080;

    /// <summary>
    /// Failed sign-ins (and requests with a key that is not an admin key) allowed per address in a
    /// minute; past it the address gets 429 until its minute ends, whatever key it sends. 0: no limit. Default 10.
    /// </summary>
    public int MaxFailedSignInsPerMinute { get; set; } = 10;

    /// <summary>Checks the values a conf or the command line gave.</summary>
    /// <exception cref="SimpleRpc.Hosting.Configuration.ConfException">A value is out of range.</exception>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new SimpleRpc.Hosting.Configuration.ConfException($"dashboard.port is {Port}; it must be between 0 and 65535.");
        }

        if (MaxFailedSignInsPerMinute < 0)
        {
            throw new SimpleRpc.Hosting.Configuration.ConfException($"dashboard.maxFailedSignInsPerMinute is {MaxFailedSignInsPerMinute}; it must be 0 (no limit) or more.");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new SimpleRpc.Hosting.Configuration.ConfException("dashboard.host is empty; use 127.0.0.1 (the default), ::1 or an address of this machine.");
        }
    }
}
