namespace SimpleRpc.Hosting.Shell;

public sealed partial class LineEditor
{
    // Up and Down walk the history; the line being typed before the first Up is kept as a
    // draft and comes back after the newest entry.
    private int _historyIndex;
    private string _draft = string.Empty;

    private void HistoryBack()
    {
        if (_historyIndex == 0)
        {
            return;
        }

        if (_historyIndex == _history.Count)
        {
            _draft = _line.ToString();
        }

        SetLine(_history[--_historyIndex]);
    }

    private void HistoryForward()
    {
        if (_historyIndex >= _history.Count)
        {
            return;
        }

        _historyIndex++;
        SetLine(_historyIndex == _history.Count ? _draft : _history[_historyIndex]);
    }
}
