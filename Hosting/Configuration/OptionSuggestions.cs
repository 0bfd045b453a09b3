namespace SimpleRpc.Hosting.Configuration;

/// <summary>The did-you-mean of a misspelt option: the known names nearest to it by edit distance (a swap of two letters is one edit).</summary>
public static class OptionSuggestions
{
    /// <summary>
    /// The names in <paramref name="known"/> at the smallest edit distance from <paramref name="token"/>,
    /// if that distance is small enough to be a slip (at most a third of the token, and at least 1 allowed).
    /// </summary>
    public static IReadOnlyList<string> For(string token, IEnumerable<string> known)
    {
        var bare = token.Split('=', 2)[0];
        var limit = Math.Max(1, bare.TrimStart('-').Length / 3);
        var scored = known.Distinct(StringComparer.Ordinal).Select(name => (Name: name, Distance: Distance(bare, name))).Where(s => s.Distance <= limit).ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(s => s.Distance);
        return scored.Where(s => s.Distance == best).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        var beforePrevious = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    // Two letters swapped ("--prot") count as one slip.
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                }
            }

            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }

        return previous[b.Length];
    }
}
