using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.Hosting.Tests.Logging;

/// <summary>The flat keys a process's options carry (logLevel, logFile), for the resolve tests.</summary>
internal sealed class FlatLogOptions : IProcessOptions
{
    public bool Shell { get; set; }

    public string LogLevel { get; set; } = "Information";

    public string? LogFile { get; set; }
}
