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
}
