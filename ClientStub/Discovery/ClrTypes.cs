using System.Collections.Concurrent;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>
/// Looks up .NET types that proxies name (<c>System.StringComparison</c>, <c>System.Guid</c>) in the
/// stub's own runtime, to learn whether they are enums or value types. Only <c>System.*</c> names
/// are looked up, and nothing is ever instantiated. Thread-safe.
/// </summary>
internal static class ClrTypes
{
    private static readonly ConcurrentDictionary<string, Type?> Found = new(StringComparer.Ordinal);

    /// <summary>The type named <paramref name="fullName"/> (CLR spelling, e.g. <c>System.Collections.Generic.List`1</c>), or <c>null</c>.</summary>
    public static Type? Find(string fullName) =>
        fullName.StartsWith("System.", StringComparison.Ordinal)
            ? Found.GetOrAdd(fullName, static name => Type.GetType(name, throwOnError: false))
            : null;
}
