using System.Buffers;
using System.Buffers.Text;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace SimpleRpc.Serialization;

/// <summary>
/// Reads and writes params and results of the types most functions take and return
/// (<c>int</c>, <c>long</c>, <c>bool</c> and <c>string</c>) without Newtonsoft: no reader, writer
/// or serializer state per call, on the app's side and the server's. What it writes is byte for
/// byte what <see cref="RpcJson"/> writes (PrimitiveJsonTests compares every UTF-16 code unit),
/// and what it cannot read exactly as <see cref="RpcJson"/> would (a string for an <c>int</c>, a
/// fraction, a lone surrogate escape, a null for a value type) it leaves to it: each method says
/// so by returning null or false.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class PrimitiveJson
{
    /// <summary>The most values <see cref="TryWriteArray"/> writes (a function's parameters, seldom more).</summary>
    public const int MaxArrayLength = 8;

    private static readonly object True = true;
    private static readonly object False = false;

    // What Newtonsoft's default string escaping escapes: control characters, the quote, the
    // backslash, and NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR (JavaScriptUtils).
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\"\\\u0085\u2028\u2029");

    /// <summary>True when every parameter is of a type <see cref="TryReadPositional"/> reads.</summary>
    public static bool ReadsAll(IReadOnlyList<ParameterInfo> parameters)
    {
        foreach (var parameter in parameters)
        {
            var type = parameter.ParameterType;
            // Not double: Newtonsoft reads -0 as an integer, so +0.0, where a double parser gives -0.0.
            if (type != typeof(int) && type != typeof(long) && type != typeof(bool) && type != typeof(string))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads a positional params array (already checked to be well-formed, with no more values
    /// than <paramref name="parameters"/>) into <paramref name="values"/>, defaults after the
    /// last value sent. False when a value is not a plain token of its parameter's type: then
    /// <paramref name="values"/> is to be ignored and the general path reads the params.
    /// </summary>
    public static bool TryReadPositional(ReadOnlySpan<byte> json, IReadOnlyList<ParameterInfo> parameters, object?[] values)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (index >= parameters.Count || !TryRead(ref reader, parameters[index].ParameterType, out values[index]))
            {
                return false;
            }

            index++;
        }

        for (; index < parameters.Count; index++)
        {
            values[index] = parameters[index].DefaultValue;
        }

        return true;
    }

    /// <summary>
    /// The JSON of <paramref name="value"/> when it is an <c>int</c>, <c>long</c>, <c>bool</c>,
    /// <c>string</c> or null, as the Newtonsoft path writes it; else null.
    /// </summary>
    public static byte[]? TryWrite(object? value) => value switch
    {
        null => "null"u8.ToArray(),
        int number => Format(number),
        long number => Format(number),
        bool flag => flag ? "true"u8.ToArray() : "false"u8.ToArray(),
        string text => WriteString(text),
        _ => null,
    };

    /// <summary>
    /// The JSON array of <paramref name="values"/> (a call's positional params) when every one is
    /// an <c>int</c>, <c>long</c>, <c>bool</c>, <c>string</c> or null, as <see cref="RpcJson"/>
    /// writes it; else null.
    /// </summary>
    public static byte[]? TryWriteArray(object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length > MaxArrayLength)
        {
            return null;
        }

        if (values is [string only] && only.AsSpan().IndexOfAny(Escaped) < 0)
        {
            // One string, the usual call with text: written straight into the array, one copy.
            return Quoted(only, "["u8, "]"u8);
        }

        var parts = new byte[values.Length][];
        var length = 2 + Math.Max(0, values.Length - 1);
        for (var i = 0; i < values.Length; i++)
        {
            if (TryWrite(values[i]) is not { } part)
            {
                return null;
            }

            parts[i] = part;
            length += part.Length;
        }

        var array = new byte[length];
        array[0] = (byte)'[';
        var at = 1;
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                array[at++] = (byte)',';
            }

            parts[i].CopyTo(array, at);
            at += parts[i].Length;
        }

        array[at] = (byte)']';
        return array;
    }

    /// <summary>
    /// Reads <paramref name="json"/> (one well-formed JSON value, as a reply's <c>result</c> is)
    /// as <typeparamref name="T"/> when <typeparamref name="T"/> is <c>int</c>, <c>long</c>,
    /// <c>bool</c> or <c>string</c> and the value a plain token of it; false leaves it to <see cref="RpcJson"/>.
    /// </summary>
    public static bool TryRead<T>(ReadOnlySpan<byte> json, out T? value)
    {
        value = default;
        var type = typeof(T);
        if (type != typeof(int) && type != typeof(long) && type != typeof(bool) && type != typeof(string))
        {
            return false;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        if (!reader.Read() || !TryRead(ref reader, type, out var read) || reader.Read())
        {
            return false;
        }

        value = (T?)read;
        return true;
    }

    private static bool TryRead(ref Utf8JsonReader reader, Type type, out object? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when type == typeof(int) && reader.TryGetInt32(out var int32):
                value = int32;
                return true;
            case JsonTokenType.Number when type == typeof(long) && reader.TryGetInt64(out var int64):
                value = int64;
                return true;
            case JsonTokenType.True when type == typeof(bool):
                value = True;
                return true;
            case JsonTokenType.False when type == typeof(bool):
                value = False;
                return true;
            case JsonTokenType.Null when type == typeof(string):
                return true;
            case JsonTokenType.String when type == typeof(string):
                return TryGetString(ref reader, out value);
            default:
                return false;
        }
    }

    private static bool TryGetString(ref Utf8JsonReader reader, out object? value)
    {
        try
        {
            value = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate: Newtonsoft keeps it, this reader refuses it.
            value = null;
            return false;
        }
    }

    private static byte[] Format<T>(T number)
        where T : IUtf8SpanFormattable
    {
        Span<byte> digits = stackalloc byte[24];
        number.TryFormat(digits, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        return digits[..written].ToArray();
    }

    private static byte[] WriteString(string text)
    {
        var first = text.AsSpan().IndexOfAny(Escaped);
        if (first < 0)
        {
            // The usual case: the text as it is, between quotes.
            return Quoted(text, default, default);
        }

        var escaped = new StringBuilder(text.Length + 16).Append('"');
        var rest = text.AsSpan();
        while (first >= 0)
        {
            escaped.Append(rest[..first]);
            Escape(escaped, rest[first]);
            rest = rest[(first + 1)..];
            first = rest.IndexOfAny(Escaped);
        }

        return Encoding.UTF8.GetBytes(escaped.Append(rest).Append('"').ToString());
    }

    // `text` (nothing in it to escape) between quotes, after `before` and before `after`.
    private static byte[] Quoted(string text, ReadOnlySpan<byte> before, ReadOnlySpan<byte> after)
    {
        var bytes = new byte[before.Length + Encoding.UTF8.GetByteCount(text) + 2 + after.Length];
        before.CopyTo(bytes);
        bytes[before.Length] = (byte)'"';
        var written = Encoding.UTF8.GetBytes(text, bytes.AsSpan(before.Length + 1));
        bytes[before.Length + 1 + written] = (byte)'"';
        after.CopyTo(bytes.AsSpan(before.Length + 2 + written));
        return bytes;
    }

    private static void Escape(StringBuilder output, char c)
    {
        _ = c switch
        {
            '\t' => output.Append("\\t"),
            '\n' => output.Append("\\n"),
            '\r' => output.Append("\\r"),
            '\f' => output.Append("\\f"),
            '\b' => output.Append("\\b"),
            '\\' => output.Append("\\\\"),
            '"' => output.Append("\\\""),
            _ => output.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
        };
    }
}
