namespace SimpleRpc.Hosting.Shell;

public sealed partial class LineEditor
{
    // Ctrl+R, as in bash: typed text narrows a backwards search of the history, Ctrl+R again
    // finds the next older match, Backspace widens it, Enter runs the match, Escape or Ctrl+G
    // gives the line back as it was, any other key keeps the match to edit and then acts.
    private const char CtrlG = '\u0007';

    private SearchState? _search;

    private void StartSearch() => _search = new SearchState(_line.ToString(), _cursor) { Match = _history.Count };

    private Outcome? Search(ConsoleKeyInfo key)
    {
        var search = _search!;
        var c = key.KeyChar;
        if (key.Key == ConsoleKey.Backspace)
        {
            if (search.Query.Length > 0)
            {
                search.Query = search.Query[..^1];
                Find(search.Query, _history.Count - 1);
            }

            return Outcome.Edited;
        }

        if (key.Key == ConsoleKey.Escape || c == CtrlG)
        {
            _search = null;
            SetLine(search.Original);
            _cursor = search.OriginalCursor;
            return Outcome.Edited;
        }

        if (c == CtrlR)
        {
            Find(search.Query, search.Match - 1);
            return Outcome.Edited;
        }

        if (key.Key is not (ConsoleKey.Enter or ConsoleKey.Tab) && c != '\0' && !char.IsControl(c) && (key.Modifiers & (ConsoleModifiers.Control | ConsoleModifiers.Alt)) == 0)
        {
            search.Query += c;
            Find(search.Query, search.Match);
            return Outcome.Edited;
        }

        // Leave the search with the match as the line; the key then acts on it.
        _search = null;
        return null;
    }

    // The newest entry at or before 'from' that contains the query; the line shows it.
    private void Find(string query, int from)
    {
        var search = _search!;
        for (var i = Math.Min(from, _history.Count - 1); i >= 0; i--)
        {
            var at = _history[i].IndexOf(query, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                search.Match = i;
                search.Failed = false;
                SetLine(_history[i]);
                _cursor = at;
                return;
            }
        }

        search.Failed = true;
    }

    private string SearchPrompt() =>
        (_search!.Failed ? "(failed reverse-i-search)'" : "(reverse-i-search)'") + _search.Query + "': ";

    private sealed class SearchState(string original, int originalCursor)
    {
        public string Original { get; } = original;

        public int OriginalCursor { get; } = originalCursor;

        public string Query { get; set; } = string.Empty;

        public int Match { get; set; }

        public bool Failed { get; set; }
    }
}
