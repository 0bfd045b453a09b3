using System.CommandLine;

namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// Finds, before System.CommandLine parses a command line, where the values of a command that
/// takes every word after its first argument begin (<see cref="CommandLine.TakeWordsAfterFirstArgument"/>),
/// and puts a <c>--</c> there. System.CommandLine reads any word that names an option as that
/// option wherever it stands, and after <c>--</c> reads every word as an argument.
/// </summary>
internal static class ArgumentWords
{
    /// <summary>
    /// <paramref name="args"/> with <c>--</c> after the first argument of a command in
    /// <paramref name="commands"/>, or <paramref name="args"/> itself when there is none, no word
    /// after it, or the caller wrote the <c>--</c> already.
    /// </summary>
    public static string[] SeparateValues(Command root, IReadOnlySet<Command> commands, string[] args)
    {
        if (commands.Count == 0)
        {
            return args;
        }

        List<Command> path = [root];
        for (var i = 0; i < args.Length; i++)
        {
            var word = args[i];
            if (word == "--")
            {
                return args;
            }

            if (word.Length > 1 && word[0] == '-')
            {
                // An option's own value is not an argument: skip it (--name call is not the call command).
                if (Find(path, word) is { } option && !HasInlineValue(option, word) && TakesNext(option, i + 1 < args.Length ? args[i + 1] : null))
                {
                    i++;
                }

                continue;
            }

            var command = path[^1];
            if (command.Subcommands.FirstOrDefault(c => c.Name == word || c.Aliases.Contains(word)) is { } subcommand)
            {
                path.Add(subcommand);
                continue;
            }

            if (!commands.Contains(command) || i + 1 == args.Length || args[i + 1] == "--")
            {
                continue;
            }

            return [.. args[..(i + 1)], "--", .. args[(i + 1)..]];
        }

        return args;
    }

    // The options a word may name at this point: the command's own and the recursive ones of the commands above it.
    private static Option? Find(List<Command> path, string word)
    {
        for (var level = path.Count - 1; level >= 0; level--)
        {
            foreach (var option in path[level].Options)
            {
                if ((level == path.Count - 1 || option.Recursive) && Names(option).Any(n => word == n || HasInlineValue(n, word)))
                {
                    return option;
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> Names(Option option) => option.Aliases.Prepend(option.Name);

    private static bool HasInlineValue(Option option, string word) => Names(option).Any(n => HasInlineValue(n, word));

    // --name=value and --name:value, as System.CommandLine splits them.
    private static bool HasInlineValue(string name, string word) =>
        word.Length > name.Length && word.StartsWith(name, StringComparison.Ordinal) && word[name.Length] is '=' or ':';

    // A flag takes a following true or false (--shell false); other options with values take the next word.
    private static bool TakesNext(Option option, string? next) =>
        option.Arity.MaximumNumberOfValues > 0 && next is not null &&
        (option.ValueType != typeof(bool) || bool.TryParse(next, out _));
}
