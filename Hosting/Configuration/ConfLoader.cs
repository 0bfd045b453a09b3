namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// Finds and reads conf files: <c>-c conf2</c> means <c>conf/conf2.json</c>; a value that names an
/// existing <c>.json</c> file is used as a path. Unknown keys are an error, so a typo cannot be
/// silently ignored (<see cref="ConfBinder"/> reads and binds the file).
/// </summary>
public static class ConfLoader
{
    /// <summary>The folder searched for named confs when none is given.</summary>
    public const string DefaultFolder = "conf";

    /// <summary>Resolves the conf file for <paramref name="confArgument"/>.</summary>
    /// <returns>The file's full path, or null when no name was given and the default file does not exist.</returns>
    /// <exception cref="ConfException">A conf was named but no such file exists.</exception>
    public static string? Resolve(string? confArgument, string defaultName, string? confFolder)
    {
        if (confArgument is not null && confArgument.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(confArgument))
        {
            return Path.GetFullPath(confArgument);
        }

        var name = confArgument ?? defaultName;
        var candidates = Folders(confFolder).Select(folder => Path.Combine(folder, name + ".json")).ToList();
        var found = candidates.FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return Path.GetFullPath(found);
        }

        if (confArgument is null)
        {
            return null;
        }

        throw new ConfException($"Conf '{confArgument}' not found; looked for {string.Join(", ", candidates.Select(Path.GetFullPath))}.");
    }

    /// <summary>Reads <paramref name="path"/> as <typeparamref name="T"/>, with no other layer; null path gives the defaults.</summary>
    /// <exception cref="ConfException">The file is not valid JSON or has an unknown key or a wrong type.</exception>
    public static T Load<T>(string? path)
        where T : new() =>
        ConfBinder.Bind<T>(path, new Dictionary<string, string>(), []);

    // ./conf first (the README runs everything from the repository root), then a conf folder
    // above the program's own directory, so `dotnet run --project X` works from anywhere inside.
    private static IEnumerable<string> Folders(string? confFolder)
    {
        if (confFolder is not null)
        {
            yield return confFolder;
            yield break;
        }

        yield return Path.Combine(Directory.GetCurrentDirectory(), DefaultFolder);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultFolder);
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "SimpleRpc.sln")))
            {
                yield return candidate;
                yield break;
            }
        }
    }
}
