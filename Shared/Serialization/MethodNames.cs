using System.Text.Json;

namespace SimpleRpc.Serialization;

/// <summary>
/// The method names read from messages, kept so that a name seen before is not a new string per
/// message: a connection calls the same few methods over and over. A fixed table of
/// <see cref="Slots"/> entries, each replaced by the latest name that hashes to it, so a peer
/// that sends endless new names costs a miss each, never memory.
/// </summary>
/// <remarks>Thread-safe: an entry is immutable and replaced whole.</remarks>
internal static class MethodNames
{
    /// <summary>Entries in the table.</summary>
    public const int Slots = 256;

    /// <summary>Names longer than this (in UTF-8 bytes) are not kept.</summary>
    public const int MaxLength = 128;

    private static readonly Entry?[] Table = new Entry?[Slots];

    /// <summary>The string value of the reader's current token (a JSON string): the kept one when the same name was read before.</summary>
    public static string Get(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxLength)
        {
            return reader.GetString()!;
        }

        var utf8 = reader.ValueSpan;
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        var slot = (int)((uint)hash.ToHashCode() % Slots);
        if (Volatile.Read(ref Table[slot]) is { } entry && utf8.SequenceEqual(entry.Utf8))
        {
            return entry.Text;
        }

        var text = reader.GetString()!;
        Volatile.Write(ref Table[slot], new Entry(utf8.ToArray(), text));
        return text;
    }

    private sealed record Entry(byte[] Utf8, string Text);
}
