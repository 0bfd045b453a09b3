namespace SimpleRpc.Hosting.Configuration;

/// <summary>The settings every SimpleRpc process has, whatever its role.</summary>
public interface IProcessOptions
{
    /// <summary>Turns the interactive console on.</summary>
    bool Shell { get; set; }

    /// <summary>Minimum log level.</summary>
    string LogLevel { get; set; }

    /// <summary>A file to log to as well, or null.</summary>
    string? LogFile { get; set; }
}
