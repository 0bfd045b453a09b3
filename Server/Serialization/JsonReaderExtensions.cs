using Newtonsoft.Json;

namespace SimpleRpc.Server.Serialization;

/// <summary>Advancing a reader to a value whose target type is known.</summary>
internal static class JsonReaderExtensions
{
    /// <summary>
    /// Moves to the next token, reading a number meant for a <see cref="decimal"/> as a decimal:
    /// a plain <see cref="JsonReader.Read"/> would parse it as a double first and lose digits
    /// (ModuleValueSerializerTests checks 79228162514264337593543950335 and 0.1 + 0.2 exactly).
    /// </summary>
    /// <returns>False at the end of the input.</returns>
    public static bool ReadFor(this JsonReader reader, Type target)
    {
        if ((Nullable.GetUnderlyingType(target) ?? target) == typeof(decimal))
        {
            reader.ReadAsDecimal();
            return reader.TokenType != JsonToken.None;
        }

        return reader.Read();
    }

    /// <summary>
    /// Refuses a number with a fraction for an integer target: Newtonsoft would round it
    /// (z.Add(1.5, 2) would return 4) where a caller expects a type error.
    /// </summary>
    /// <exception cref="JsonSerializationException">The reader is on such a number.</exception>
    public static void EnsureNoFraction(this JsonReader reader, Type target)
    {
        var type = Nullable.GetUnderlyingType(target) ?? target;
        if (reader.TokenType == JsonToken.Float && IsInteger(type) && reader.Value is double value && value != Math.Floor(value))
        {
            throw new JsonSerializationException($"{value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a whole number, and {type.Name} takes only whole numbers.");
        }
    }

    private static bool IsInteger(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte);
}
