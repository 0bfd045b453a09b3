// Sample module "text": overloads with different parameter counts (Pad) and with the same count
// but different types and parameter names (Indent: int spaces or string prefix), default values
// of several types, `params string[]`, nullable strings in and out, a keyword as a parameter
// name, and a framework enum as a default.
// Register it from a stub console with `rm:Modules/text.cs`.
using System;
using System.Collections.Generic;
using System.Linq;

namespace Samples;

/// <summary>How often a word occurs in a text.</summary>
public sealed record WordFrequency(string Word, int Count);

/// <summary>The functions of the module.</summary>
public static class Text
{
    /// <summary>Pads <paramref name="text"/> on the left with spaces to <paramref name="width"/>.</summary>
    public static string Pad(string text, int width) => text.PadLeft(width);

    /// <summary>Pads <paramref name="text"/> on the left with <paramref name="fill"/>: an overload with one more parameter.</summary>
    public static string Pad(string text, int width, char fill) => text.PadLeft(width, fill);

    /// <summary>Indents every line of <paramref name="text"/> by <paramref name="spaces"/> spaces.</summary>
    public static string Indent(string text, int spaces) => Indent(text, new string(' ', spaces));

    /// <summary>Puts <paramref name="prefix"/> before every line: the same parameter count as the other Indent, another type and name.</summary>
    public static string Indent(string text, string prefix) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : prefix + line));

    /// <summary>Repeats a string.</summary>
    public static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    /// <summary>Shortens <paramref name="text"/> to at most <paramref name="maxLength"/> characters.</summary>
    public static string Truncate(string text, int maxLength = 10, string ellipsis = "…")
    {
        if (maxLength < ellipsis.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "maxLength must leave room for the ellipsis.");
        }

        return text.Length <= maxLength ? text : text[..(maxLength - ellipsis.Length)] + ellipsis;
    }

    /// <summary>Turns a title into a URL slug, lower-case unless told otherwise.</summary>
    public static string Slugify(string title, char separator = '-', bool lowerCase = true)
    {
        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var slug = string.Join(separator, words.Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray())).Where(w => w.Length > 0));
        return lowerCase ? slug.ToLowerInvariant() : slug;
    }

    /// <summary>Joins any number of parts: a <c>params</c> array after a plain parameter.</summary>
    public static string Join(string separator, params string[] parts) => string.Join(separator, parts);

    /// <summary>Counts how often <paramref name="word"/> occurs, by default ignoring case.</summary>
    public static int Occurrences(string text, string word, StringComparison comparison = StringComparison.OrdinalIgnoreCase)
    {
        if (word.Length == 0)
        {
            throw new ArgumentException("The word must not be empty.", nameof(word));
        }

        var count = 0;
        for (var at = text.IndexOf(word, comparison); at >= 0; at = text.IndexOf(word, at + word.Length, comparison))
        {
            count++;
        }

        return count;
    }

    /// <summary>The first word, or null when there is no text or no word.</summary>
    public static string? FirstWord(string? text) =>
        text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();

    /// <summary>The value, or <paramref name="fallback"/> when it is null or blank.</summary>
    public static string Coalesce(string? value, string fallback = "") =>
        string.IsNullOrWhiteSpace(value) ? fallback : value;

    /// <summary>The lengths of some strings, null for a null entry.</summary>
    public static int?[] Lengths(string?[] values) => values.Select(v => v?.Length).ToArray();

    /// <summary>Wraps text in a span of the given CSS class: a keyword as a parameter name.</summary>
    public static string Tag(string text, string @class) => "<span class=\"" + @class + "\">" + text + "</span>";

    /// <summary>The <paramref name="top"/> most frequent words, most frequent first, ties by word.</summary>
    public static List<WordFrequency> Frequencies(string text, int top = 3) => text
        .Split([' ', ',', '.', ';', ':', '!', '?'], StringSplitOptions.RemoveEmptyEntries)
        .GroupBy(w => w.ToLowerInvariant())
        .Select(g => new WordFrequency(g.Key, g.Count()))
        .OrderByDescending(f => f.Count)
        .ThenBy(f => f.Word, StringComparer.Ordinal)
        .Take(top)
        .ToList();

    /// <summary>Whether <paramref name="text"/> reads the same backwards, letters and digits only.</summary>
    public static bool IsPalindrome(string text, bool ignoreCase = true)
    {
        var letters = text.Where(char.IsLetterOrDigit).Select(c => ignoreCase ? char.ToLowerInvariant(c) : c).ToArray();
        return letters.SequenceEqual(letters.Reverse());
    }
}
