using SimpleRpc.Protocol.Messages;

namespace SimpleRpc.ClientStub.Console;

/// <summary>The arguments of <c>register &lt;path&gt; [--breaking]</c>, and how a refused breaking publish is shown.</summary>
internal static class RegisterArguments
{
    private const string BreakingFlag = "--breaking";

    /// <summary>The path and whether <c>--breaking</c> was given (before or after the path).</summary>
    public static (string Path, bool Breaking) Parse(string arguments)
    {
        var text = arguments.Trim();
        if (text == BreakingFlag)
        {
            return (string.Empty, true);
        }

        if (text.EndsWith(" " + BreakingFlag, StringComparison.Ordinal))
        {
            return (text[..^BreakingFlag.Length].TrimEnd(), true);
        }

        return text.StartsWith(BreakingFlag + " ", StringComparison.Ordinal)
            ? (text[BreakingFlag.Length..].TrimStart(), true)
            : (text, false);
    }

    /// <summary>The lines under a <c>-32013</c> error: each change, then who called each function it breaks.</summary>
    public static IEnumerable<string> Describe(BreakingChangeData? data)
    {
        if (data is null)
        {
            yield break;
        }

        foreach (var change in data.Changes)
        {
            yield return "  " + change;
        }

        foreach (var function in data.Callers)
        {
            yield return function.Clients.Count == 0
                ? $"  {data.Module}.{function.Function}: no calls in the last {data.WindowHours} h"
                : $"  {data.Module}.{function.Function} was called in the last {data.WindowHours} h by " + string.Join(", ", function.Clients.Select(c => $"{c.Client} ({c.Calls})"));
        }
    }
}
