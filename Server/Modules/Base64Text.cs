namespace SimpleRpc.Server.Modules;

/// <summary>Helpers for base64 held as UTF-8 bytes, as upload chunks carry it.</summary>
internal static class Base64Text
{
    private static ReadOnlySpan<byte> Whitespace => " \t\r\n"u8;

    /// <summary>
    /// <paramref name="base64"/> without ASCII whitespace, which <see cref="Convert.FromBase64String"/>
    /// tolerates and clients that wrap lines send: the span itself when it has none (the usual case).
    /// </summary>
    public static ReadOnlySpan<byte> WithoutWhitespace(ReadOnlySpan<byte> base64)
    {
        if (base64.IndexOfAny(Whitespace) < 0)
        {
            return base64;
        }

        var kept = new byte[base64.Length];
        var count = 0;
        foreach (var b in base64)
        {
            if (Whitespace.IndexOf(b) < 0)
            {
                kept[count++] = b;
            }
        }

        return kept.AsSpan(0, count);
    }

    /// <summary>How many bytes <paramref name="base64"/> (padded, no whitespace) decodes to; null when its length or padding cannot be base64.</summary>
    public static int? DecodedLength(ReadOnlySpan<byte> base64)
    {
        if (base64.Length % 4 != 0)
        {
            return null;
        }

        var padding = base64.EndsWith("=="u8) ? 2 : base64.EndsWith("="u8) ? 1 : 0;
        return (base64.Length / 4 * 3) - padding;
    }
}
