using System.CommandLine;
using System.Security.Cryptography;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Server;

/// <summary>
/// <c>simplerpc-server init</c>: writes a server conf with fresh random keys (one that publishes,
/// one admin) and the matching stub conf, so a server outside the repository need not run open.
/// </summary>
public static class InitCommand
{
    private static readonly Option<string> Folder = new("--conf-dir") { Description = "Folder to write server.json and default.json into.", HelpName = "dir", DefaultValueFactory = _ => "conf" };
    private static readonly Option<bool> Force = new("--force") { Description = "Overwrite confs that exist." };

    /// <summary>The subcommand, to add to the server's root command.</summary>
    public static Command Command { get; } = new("init", "Write conf/server.json with fresh random keys and conf/default.json, the conf of a stub that may publish with one of them, then exit.")
    {
        Folder, Force,
    };

    /// <summary>Runs the subcommand that <paramref name="parsed"/> holds.</summary>
    /// <returns>0 when both confs were written; 2 when one exists and <c>--force</c> was not given.</returns>
    public static int Run(ParseResult parsed)
    {
        var folder = Path.GetFullPath(parsed.GetValue(Folder)!);
        var serverConf = Path.Combine(folder, "server.json");
        var stubConf = Path.Combine(folder, "default.json");
        var existing = new[] { serverConf, stubConf }.Where(File.Exists).ToList();
        if (existing.Count > 0 && !parsed.GetValue(Force))
        {
            Console.Error.WriteLine($"error: {string.Join(" and ", existing)} already exist{(existing.Count == 1 ? "s" : string.Empty)}; nothing written. Use --force to replace them (their keys stop working), or --conf-dir for another folder.");
            return 2;
        }

        var publishKey = NewKey();
        var adminKey = NewKey();
        var server = new JObject
        {
            ["host"] = "127.0.0.1",
            ["port"] = 5050,
            ["dataDir"] = Path.Combine("data", "server"),
            ["keys"] = new JArray(
                new JObject { ["key"] = publishKey, ["role"] = "publish" },
                new JObject { ["key"] = adminKey, ["role"] = "admin" }),
        };
        var stub = new JObject { ["name"] = "stub", ["server"] = "127.0.0.1:5050", ["key"] = publishKey, ["appPort"] = 5151 };
        Directory.CreateDirectory(folder);
        WritePrivate(serverConf, server.ToString());
        WritePrivate(stubConf, stub.ToString());
        Console.WriteLine($"Wrote {serverConf} (keys: one that publishes, one admin) and {stubConf} (a stub that publishes with the first).");
        Console.WriteLine($"Start them with: simplerpc-server --conf-dir {folder}, then simplerpc-stub --conf-dir {folder}.");
        Console.WriteLine($"A stub on another machine needs the key: {publishKey}");
        Console.WriteLine($"The admin key (the dashboard, unregistering any module): {adminKey}");
        return 0;
    }

    /// <summary>A new random key: 32 bytes, base64url (43 characters).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // The confs hold secrets: on Unix only their owner may read them.
    private static void WritePrivate(string path, string text)
    {
        File.WriteAllText(path, text + Environment.NewLine);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
