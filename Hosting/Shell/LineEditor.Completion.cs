namespace SimpleRpc.Hosting.Shell;

public sealed partial class LineEditor
{
    // One candidate replaces the word; several extend it to their common prefix, or, when that
    // adds nothing, are listed above the line.
    private void Complete()
    {
        var before = _line.ToString(0, _cursor);
        var completion = _complete(before);
        var start = Math.Clamp(completion.Start, 0, _cursor);
        var word = before[start..];
        var candidates = completion.Candidates;
        if (candidates.Count == 0)
        {
            return;
        }

        var replacement = candidates.Count == 1 ? candidates[0] : CommonPrefix(candidates);
        if (replacement.Length > word.Length || (candidates.Count == 1 && replacement != word))
        {
            _line.Remove(start, _cursor - start).Insert(start, replacement);
            _cursor = start + replacement.Length;
            return;
        }

        if (candidates.Count > 1)
        {
            WriteAbove(string.Join("  ", candidates.Select(c => c.TrimEnd())));
        }
    }

    private static string CommonPrefix(IReadOnlyList<string> candidates)
    {
        var prefix = candidates[0];
        foreach (var candidate in candidates.Skip(1))
        {
            var length = 0;
            while (length < prefix.Length && length < candidate.Length && char.ToLowerInvariant(prefix[length]) == char.ToLowerInvariant(candidate[length]))
            {
                length++;
            }

            prefix = prefix[..length];
        }

        return prefix;
    }
}
