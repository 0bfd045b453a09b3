using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Text;

namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// A program's command line on System.CommandLine: typed options (<c>--name value</c>,
/// <c>--name=value</c>, short aliases such as <c>-c</c>, flags), <c>--help</c> and <c>--version</c>
/// under the installed command's name (<c>simplerpc-server</c>), and errors that name the option,
/// with a did-you-mean for a misspelt one. Unknown options and stray arguments are errors.
/// </summary>
/// <remarks>Build it once, on one thread; <see cref="Parse"/> may then be called any number of times.</remarks>
public sealed class CommandLine
{
    private static readonly ParserConfiguration Parser = new() { ResponseFileTokenReplacer = null, EnablePosixBundling = false };
    private readonly List<Option> _options = [];
    private readonly VersionOption _version = new();
    private readonly HashSet<Command> _valuesAfterFirstArgument = [];

    /// <summary>Creates a command line for the command <paramref name="program"/> (the name its help shows).</summary>
    public CommandLine(string program, string summary)
    {
        // --version also with other options (a wrapper script's --conf-dir before it).
        _version.Validators.Clear();
        Root = new Command(program, summary) { new HelpOption(), _version };

        // The root runs by itself too (the program starts); without an action of its own, a root
        // with subcommands (simplerpc-server init) would demand one.
        Root.SetAction(_ => { });
    }

    /// <summary>The root command; a program adds subcommands to it.</summary>
    public Command Root { get; }

    /// <summary>Adds a string option; a null <paramref name="valueName"/> makes it a flag.</summary>
    public CommandLine Add(string name, string? alias, string? valueName, string description) =>
        valueName is null ? Add(new Option<bool>("--" + name, Aliases(alias)) { Description = description })
                          : Add<string>(name, alias, valueName, description);

    /// <summary>Adds an option of type <typeparamref name="T"/>: a value that does not convert is an error naming the option.</summary>
    /// <remarks>
    /// Given twice, the last value wins (a script's defaults, then the caller's own), as
    /// <c>--app-port 0 --app-port 5151</c>. <typeparamref name="T"/> is anything
    /// <see cref="Convert.ChangeType(object, Type, IFormatProvider)"/> makes from a string.
    /// </remarks>
    public CommandLine Add<T>(string name, string? alias, string valueName, string description)
    {
        var option = new Option<T>("--" + name, Aliases(alias))
        {
            Description = description,
            HelpName = valueName,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        option.CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            try
            {
                return (T)Convert.ChangeType(text, typeof(T), CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
            {
                result.AddError($"Cannot parse argument '{text}' for option '{option.Name}' as expected type '{typeof(T)}'.");
                return default;
            }
        };
        return Add(option);
    }

    /// <summary>Adds an option built by the caller (validators, a fixed list of values).</summary>
    public CommandLine Add(Option option)
    {
        _options.Add(option);
        Root.Add(option);
        return this;
    }

    /// <summary>
    /// Makes every word after the first argument of <paramref name="command"/> (a subcommand of
    /// <see cref="Root"/>) one of its argument values, also a word that starts with <c>-</c> or names an
    /// option (<c>call z.Add -1 -n</c>), as <c>dotnet run -- …</c> does after <c>--</c>: that command's
    /// options go before its first argument.
    /// </summary>
    public CommandLine TakeWordsAfterFirstArgument(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _valuesAfterFirstArgument.Add(command);
        return this;
    }

    /// <summary>Parses <paramref name="args"/> against the root command and its subcommands.</summary>
    /// <exception cref="ConfException">An unknown option (with a did-you-mean), a missing value or one of the wrong type.</exception>
    public ParseResult ParseResult(string[] args)
    {
        var result = Root.Parse(ArgumentWords.SeparateValues(Root, _valuesAfterFirstArgument, args), Parser);
        if (result.Errors.Count == 0)
        {
            return result;
        }

        var text = new StringBuilder();
        foreach (var error in result.Errors)
        {
            text.Append(error.Message).Append('\n');
        }

        foreach (var token in result.UnmatchedTokens.Where(t => t.StartsWith('-')))
        {
            var near = OptionSuggestions.For(token, result.CommandResult.Command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)));
            if (near.Count > 0)
            {
                text.Append("Did you mean ").Append(string.Join(" or ", near.Select(n => "'" + n + "'"))).Append(" instead of '").Append(token).Append("'?\n");
            }
        }

        throw new ConfException(text.Append("Run with --help to see the options.").ToString());
    }

    /// <summary>Parses <paramref name="args"/> into option name → value (<c>"true"</c> or <c>"false"</c> for flags).</summary>
    /// <exception cref="ConfException">See <see cref="ParseResult(string[])"/>.</exception>
    public IReadOnlyDictionary<string, string> Parse(string[] args) => Values(ParseResult(args));

    /// <summary>The options of the root command that <paramref name="result"/> holds, by name without dashes.</summary>
    public IReadOnlyDictionary<string, string> Values(ParseResult result)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in _options.Concat(Root.Options.OfType<HelpOption>()))
        {
            if (result.GetResult(option) is { Implicit: false } given)
            {
                var value = option switch
                {
                    HelpOption => true,
                    Option<bool> flag => result.GetValue(flag),
                    _ => given.GetValueOrDefault<object?>(),
                };
                values[option.Name.TrimStart('-')] = value is bool b ? (b ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "true";
            }
        }

        return values;
    }

    /// <summary>
    /// Runs <c>--help</c> or <c>--version</c> when <paramref name="result"/> asks for one (printing to
    /// standard output), and says whether it did.
    /// </summary>
    public bool RunBuiltIn(ParseResult result)
    {
        if (result.Action is not HelpAction && (result.Action is null || result.Action != _version.Action))
        {
            return false;
        }

        result.Invoke();
        return true;
    }

    /// <summary>The text that <c>--help</c> prints.</summary>
    public string HelpText()
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        Root.Parse(["--help"], Parser).Invoke(new InvocationConfiguration { Output = text, Error = text });
        return text.ToString();
    }

    private static string[] Aliases(string? alias) => alias is null ? [] : ["-" + alias];
}
