namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// The start of every SimpleRpc program: the options all of them share, <c>--help</c> and
/// <c>--version</c>, the conf file, then the command line over it. Errors are printed and end the
/// program with code 2.
/// </summary>
public static class ProcessStartup
{
    /// <summary>Creates a command line named <paramref name="program"/> (the installed command) with the shared options (conf, console, logging) first.</summary>
    public static CommandLine CreateCommandLine(string program, string summary, string defaultConf) =>
        new CommandLine(program, summary)
            .Add("conf", "c", "name", $"Conf to load: conf/<name>.json, or a path to a .json file. Default: conf/{defaultConf}.json if present.")
            .Add("conf-dir", null, "dir", "Folder of named confs. Default: ./conf, else the repository's conf folder.")
            .Add("shell", null, null, "Turn on the interactive console (conf: shell).")
            .Add("log-level", null, "level", "Minimum log level: Verbose, Debug, Information, Warning, Error (conf: logLevel).")
            .Add("log-file", null, "path", "Also log to this file (conf: logFile).");

    /// <summary>
    /// Parses <paramref name="args"/>, loads the conf and applies the shared options, then
    /// <paramref name="applyOwn"/> for the program's own.
    /// </summary>
    /// <returns>The options, or null with <paramref name="exitCode"/> set (0 after --help or --version, 2 on an error).</returns>
    public static T? Load<T>(CommandLine commandLine, string[] args, string defaultConf, Action<T, IReadOnlyDictionary<string, string>> applyOwn, out int exitCode)
        where T : class, IProcessOptions, new()
    {
        exitCode = 0;
        try
        {
            var parsed = commandLine.ParseResult(args);
            if (commandLine.RunBuiltIn(parsed))
            {
                return null;
            }

            var values = commandLine.Values(parsed);
            var options = ConfLoader.Load<T>(ConfLoader.Resolve(values.GetValueOrDefault("conf"), defaultConf, values.GetValueOrDefault("conf-dir")));
            options.Shell |= values.GetValueOrDefault("shell") == "true";
            options.LogLevel = values.GetValueOrDefault("log-level") ?? options.LogLevel;
            options.LogFile = values.GetValueOrDefault("log-file") ?? options.LogFile;
            applyOwn(options, values);
            return options;
        }
        catch (Exception ex) when (ex is ConfException or FormatException or OverflowException)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            exitCode = 2;
            return null;
        }
    }
}
