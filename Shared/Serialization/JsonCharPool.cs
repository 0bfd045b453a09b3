using System.Buffers;
using Newtonsoft.Json;

namespace SimpleRpc.Serialization;

/// <summary>
/// Lends Newtonsoft's readers and writers their character buffers from the shared array pool:
/// without it each reader allocates a fresh buffer, the largest allocation of a small call.
/// </summary>
public sealed class JsonCharPool : IArrayPool<char>
{
    /// <summary>The one instance.</summary>
    public static JsonCharPool Instance { get; } = new();

    /// <inheritdoc/>
    public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

    /// <inheritdoc/>
    public void Return(char[]? array)
    {
        if (array is not null)
        {
            ArrayPool<char>.Shared.Return(array);
        }
    }
}
