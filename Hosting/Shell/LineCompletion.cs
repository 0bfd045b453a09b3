namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// What Tab may put in place of the text from <paramref name="Start"/> to the cursor: one
/// candidate completes, several extend to their common prefix or are listed.
/// </summary>
/// <param name="Start">Where the replaced text starts in the line.</param>
/// <param name="Candidates">The possible replacements, each including any trailing space.</param>
public readonly record struct LineCompletion(int Start, IReadOnlyList<string> Candidates)
{
    /// <summary>Nothing to complete.</summary>
    public static LineCompletion None { get; } = new(0, []);
}
