using System.Text;

namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// A small, strict command-line parser: <c>--name value</c>, <c>--name=value</c>, short aliases
/// such as <c>-c</c>, and flags. Unknown options are errors.
/// </summary>
public sealed class CommandLine
{
    private readonly List<CommandLineOption> _options = [];
    private readonly string _program;
    private readonly string _summary;

    /// <summary>Creates a parser for <paramref name="program"/>.</summary>
    public CommandLine(string program, string summary)
    {
        _program = program;
        _summary = summary;
        Add("help", "h", null, "Show this help and exit.");
    }

    /// <summary>Adds an option; a null <paramref name="valueName"/> makes it a flag.</summary>
    public CommandLine Add(string name, string? alias, string? valueName, string description)
    {
        _options.Add(new CommandLineOption(name, alias, valueName, description));
        return this;
    }

    /// <summary>Parses <paramref name="args"/> into option name → value ("true" for flags).</summary>
    /// <exception cref="ConfException">An unknown option, or a missing value.</exception>
    public IReadOnlyDictionary<string, string> Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            var option = _options.FirstOrDefault(o => arg == "--" + o.Name || (o.Alias is not null && arg == "-" + o.Alias))
                ?? throw new ConfException($"Unknown option '{args[i]}'. Run with --help to see the options.");
            if (option.ValueName is null)
            {
                values[option.Name] = inline ?? "true";
                continue;
            }

            if (inline is null && i + 1 >= args.Length)
            {
                throw new ConfException($"Option '{arg}' needs a value ({option.ValueName}).");
            }

            values[option.Name] = inline ?? args[++i];
        }

        return values;
    }

    /// <summary>The text that <c>--help</c> prints.</summary>
    public string HelpText()
    {
        var text = new StringBuilder();
        text.Append(_summary).Append("\n\nUsage: ").Append(_program).Append(" [options]\n\nOptions:\n");
        var rows = _options.Select(o => (Left: (o.Alias is null ? "    " : "-" + o.Alias + ", ") + "--" + o.Name + (o.ValueName is null ? string.Empty : " <" + o.ValueName + ">"), o.Description)).ToList();
        var width = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, description) in rows)
        {
            text.Append("  ").Append(left.PadRight(width)).Append(description).Append('\n');
        }

        return text.ToString();
    }

    private sealed record CommandLineOption(string Name, string? Alias, string? ValueName, string Description);
}
