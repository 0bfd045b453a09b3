namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// The commands a console has read, oldest first, at most <see cref="Capacity"/> of them. An
/// empty line or a repeat of the last entry is not added. Optionally kept in a file (one
/// command a line), rewritten after each command so a killed process loses nothing.
/// </summary>
/// <remarks>Not thread-safe: the console's reading loop is its only user.</remarks>
public sealed class CommandHistory
{
    /// <summary>The default number of commands kept.</summary>
    public const int DefaultCapacity = 500;

    private readonly List<string> _entries = [];
    private readonly string? _file;

    /// <summary>Creates an empty history; with <paramref name="file"/>, loads it from there and saves to it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public CommandHistory(int capacity = DefaultCapacity, string? file = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _file = file;
        if (file is not null)
        {
            Load(file);
        }
    }

    /// <summary>How many commands are kept at most; the oldest go first.</summary>
    public int Capacity { get; }

    /// <summary>How many commands are kept now.</summary>
    public int Count => _entries.Count;

    /// <summary>The kept commands, oldest first.</summary>
    public IReadOnlyList<string> Entries => _entries;

    /// <summary>The command at <paramref name="index"/> (0 is the oldest kept).</summary>
    public string this[int index] => _entries[index];

    /// <summary>
    /// Adds <paramref name="line"/> (trimmed) unless it is empty or repeats the last command. A
    /// surrogate without its pair becomes U+FFFD, so the entry can always be written as UTF-8.
    /// </summary>
    /// <returns>Whether it was added.</returns>
    public bool Add(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = WellFormed(line.Trim());
        if (line.Length == 0 || (_entries.Count > 0 && _entries[^1] == line))
        {
            return false;
        }

        _entries.Add(line);
        if (_entries.Count > Capacity)
        {
            _entries.RemoveRange(0, _entries.Count - Capacity);
        }

        Save();
        return true;
    }

    /// <summary><paramref name="text"/> with every surrogate that lacks its pair replaced by U+FFFD.</summary>
    internal static string WellFormed(string text)
    {
        if (!text.Any(char.IsSurrogate))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\ufffd';
            }
        }

        return new string(chars);
    }

    // History is a convenience: a file that cannot be read or written (read-only home, another
    // console writing at the same moment, text the encoder refuses) costs the saved commands,
    // never the console (CommandHistoryTests.Add_LoneSurrogate_SavesReplacementAndKeepsWorking).
    private void Load(string file)
    {
        try
        {
            if (File.Exists(file))
            {
                foreach (var line in File.ReadLines(file).Select(l => WellFormed(l.Trim())))
                {
                    if (line.Length > 0 && (_entries.Count == 0 || _entries[^1] != line))
                    {
                        _entries.Add(line);
                    }
                }

                if (_entries.Count > Capacity)
                {
                    _entries.RemoveRange(0, _entries.Count - Capacity);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private void Save()
    {
        if (_file is null)
        {
            return;
        }

        // Written whole and renamed, so two consoles saving at once leave one complete file.
        var temp = _file + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_file))!);
            File.WriteAllLines(temp, _entries);
            File.Move(temp, _file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
