using System.Collections.Concurrent;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// The parts of a module call's method name, parsed once per distinct name instead of three
/// substrings per call: <c>"z.Add(int,int)"</c> is module <c>z</c>, target <c>Add(int,int)</c>
/// (the signature id a generated proxy sends) and function <c>Add</c>.
/// </summary>
/// <param name="Module">The module's name.</param>
/// <param name="Target">What follows the module's name: a function's name or its signature id.</param>
/// <param name="Function">The function's name.</param>
/// <param name="HasSignature">True when <paramref name="Target"/> is a signature id (it has a parenthesis).</param>
internal sealed record MethodTarget(string Module, string Target, string Function, bool HasSignature)
{
    /// <summary>Method names kept; past it the table starts afresh, so names a caller makes up cost no memory.</summary>
    public const int MaxKept = 4_096;

    private static readonly ConcurrentDictionary<string, MethodTarget?> Kept = new(StringComparer.Ordinal);

    /// <summary>The parts of <paramref name="method"/>, or null when it is not <c>"&lt;module&gt;.&lt;Function&gt;"</c>.</summary>
    public static MethodTarget? Of(string method)
    {
        if (Kept.TryGetValue(method, out var known))
        {
            return known;
        }

        var parsed = Parse(method);
        if (Kept.Count >= MaxKept)
        {
            Kept.Clear();
        }

        Kept.TryAdd(method, parsed);
        return parsed;
    }

    private static MethodTarget? Parse(string method)
    {
        var dot = method.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == method.Length - 1)
        {
            return null;
        }

        var target = method[(dot + 1)..];
        var paren = target.IndexOf('(', StringComparison.Ordinal);
        return new MethodTarget(method[..dot], target, paren < 0 ? target : target[..paren], paren >= 0);
    }
}
