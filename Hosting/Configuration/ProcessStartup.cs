namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// The start of every SimpleRpc program: the options all of them share, <c>--help</c> and
/// <c>--version</c>, then the options built from three layers (<see cref="ConfBinder"/>): the conf
/// file, <c>SIMPLERPC_…</c> environment variables, the command line. Errors are printed and end the
/// program with code 2.
/// </summary>
public static class ProcessStartup
{
    /// <summary>The conf keys of the options every program has.</summary>
    public static readonly IReadOnlyList<OptionKey> SharedKeys =
        [new("shell", "shell"), new("log-level", "logLevel"), new("log-file", "logFile"), new("insecure", "insecure")];

    /// <summary>Creates a command line named <paramref name="program"/> (the installed command) with the shared options (conf, console, logging) first.</summary>
    public static CommandLine CreateCommandLine(string program, string summary, string defaultConf) =>
        new CommandLine(program, summary)
            .Add("conf", "c", "name", $"Conf to load: conf/<name>.json, or a path to a .json file. Default: conf/{defaultConf}.json if present.")
            .Add("conf-dir", null, "dir", "Folder of named confs. Default: ./conf, else the repository's conf folder.")
            .Add("shell", null, null, "Turn on the interactive console (conf: shell).")
            .Add("log-level", null, "level", "Minimum log level: Verbose, Debug, Information, Warning, Error (conf: logLevel).")
            .Add("log-file", null, "path", "Also log to this file (conf: logFile).")
            .Add("insecure", null, null, "Run without keys: development on one machine only (conf: insecure).");

    /// <summary>
    /// Parses <paramref name="args"/>, builds the options from the conf, the environment and the
    /// options that <paramref name="keys"/> map to conf keys, then runs <paramref name="validate"/>
    /// (which may also adjust what a key cannot say). First, <c>runFirst</c> may run a subcommand
    /// that needs no conf (<c>simplerpc-server init</c>) and give its exit code, or null to go on.
    /// </summary>
    /// <returns>The options, or null with <paramref name="exitCode"/> set (0 after --help or --version, 2 on an error).</returns>
    public static T? Load<T>(CommandLine commandLine, string[] args, string defaultConf, IEnumerable<OptionKey> keys, Action<T, IReadOnlyDictionary<string, string>> validate, out int exitCode, Func<System.CommandLine.ParseResult, int?>? runFirst = null)
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

            if (runFirst?.Invoke(parsed) is { } code)
            {
                exitCode = code;
                return null;
            }

            var values = commandLine.Values(parsed);
            var options = Bind<T>(values, defaultConf, keys, Environment.GetEnvironmentVariables());
            validate(options, values);
            return options;
        }
        catch (Exception ex) when (ex is ConfException or FormatException or OverflowException)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            exitCode = 2;
            return null;
        }
    }

    /// <summary>The options from the conf that <paramref name="values"/> name, <paramref name="environment"/> and <paramref name="values"/> themselves.</summary>
    /// <exception cref="ConfException">A conf that is missing or not usable, a bad key or value.</exception>
    public static T Bind<T>(IReadOnlyDictionary<string, string> values, string defaultConf, IEnumerable<OptionKey> keys, System.Collections.IDictionary environment)
        where T : new()
    {
        var path = ConfLoader.Resolve(values.GetValueOrDefault("conf"), defaultConf, values.GetValueOrDefault("conf-dir"));
        var commandLine = SharedKeys.Concat(keys)
            .Where(k => values.ContainsKey(k.Option))
            .Select(k => new KeyValuePair<string, string?>(k.Key, k.Value ?? values[k.Option]));
        return ConfBinder.Bind<T>(path, environment, commandLine);
    }
}
