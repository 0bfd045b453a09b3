namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// Finds the overload an older signature id still means after the function gained optional
/// parameters at its end: <c>Add(int,int)</c> is <c>Add(int a, int b, int c = 0)</c> now. Adding an
/// optional parameter is a compatible change (docs/modules.md), so an app built against the
/// earlier proxy keeps working and the server fills the defaults.
/// </summary>
internal static class OptionalTailMatch
{
    /// <summary>The overloads whose wire parameters start with those of <paramref name="signatureId"/> and go on with optional ones only.</summary>
    public static IReadOnlyList<ModuleFunction> Find(IReadOnlyList<ModuleFunction> overloads, string signatureId)
    {
        var wanted = ParameterIds(signatureId);
        if (wanted is null)
        {
            return [];
        }

        var found = new List<ModuleFunction>();
        foreach (var function in overloads)
        {
            var have = ParameterIds(function.SignatureId);
            if (have is not null
                && have.Count > wanted.Count
                && have.Take(wanted.Count).SequenceEqual(wanted, StringComparer.Ordinal)
                && function.WireParameters.Skip(wanted.Count).All(p => p.HasDefaultValue))
            {
                found.Add(function);
            }
        }

        return found;
    }

    // "Name(a,b<c,d>,e)" → ["a", "b<c,d>", "e"]; null when it is not of that form.
    private static List<string>? ParameterIds(string signatureId)
    {
        var open = signatureId.IndexOf('(', StringComparison.Ordinal);
        if (open < 0 || !signatureId.EndsWith(')'))
        {
            return null;
        }

        var list = signatureId[(open + 1)..^1];
        var ids = new List<string>();
        if (list.Length == 0)
        {
            return ids;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            depth += list[i] switch { '<' or '(' or '[' => 1, '>' or ')' or ']' => -1, _ => 0 };
            if (list[i] == ',' && depth == 0)
            {
                ids.Add(list[start..i]);
                start = i + 1;
            }
        }

        ids.Add(list[start..]);
        return ids;
    }
}
