using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using SimpleRpc.Server.Compilation;

namespace SimpleRpc.Server.Modules;

/// <summary>
/// The one copy of the rules for module names and for who may change a module: which names are
/// allowed, which names clash with a serving module, and who may replace or remove one.
/// <see cref="ModuleRegistry"/> applies them to the modules it serves; the store, the upload
/// assembler and the cluster's catalogue ask the same methods. Stateless and thread-safe.
/// </summary>
public static class ModuleRules
{
    /// <summary>The longest module name in UTF-8 bytes (stored folders add a prefix; file systems allow 255).</summary>
    public const int MaxNameBytes = 128;

    /// <summary>
    /// Throws unless <paramref name="name"/> is a plain C# identifier: letters, digits and
    /// underscores, not starting with a digit, not a keyword, no <c>@</c>, not a reserved device
    /// name, at most <see cref="MaxNameBytes"/> UTF-8 bytes.
    /// </summary>
    /// <exception cref="ArgumentNullException">The name is null.</exception>
    /// <exception cref="ArgumentException">The name is not allowed; the message says why (<c>docs/troubleshooting.md</c> quotes it).</exception>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidName(name))
        {
            throw new ArgumentException(
                "A module name must be a plain C# identifier (letters, digits and '_', not starting with a digit, not a keyword, not a reserved device name such as CON or LPT1, at most 128 UTF-8 bytes): '" + name + "'.");
        }
    }

    /// <summary>True when <paramref name="name"/> passes <see cref="ValidateName"/>.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 }
        && name.All(c => char.IsLetterOrDigit(c) || c == '_')
        && SyntaxFacts.IsValidIdentifier(name)
        && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None
        && !IsReservedDeviceName(name)
        && Encoding.UTF8.GetByteCount(name) <= MaxNameBytes;

    /// <summary>
    /// True for the names Windows reserves for devices, in any case: CON, PRN, AUX, NUL, and COM or
    /// LPT followed by one digit 0-9 or a superscript 1-3, as current Windows documentation lists
    /// them. Module names become file names on every stub and folder names in the store. (A C#
    /// identifier cannot have the extension or trailing space that Windows also ignores, so a
    /// whole-name match suffices.)
    /// </summary>
    public static bool IsReservedDeviceName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var upper = name.ToUpperInvariant();
        return upper is "CON" or "PRN" or "AUX" or "NUL"
            || (upper.Length == 4
                && (upper.StartsWith("COM", StringComparison.Ordinal) || upper.StartsWith("LPT", StringComparison.Ordinal))
                && upper[3] is (>= '0' and <= '9') or '\u00B9' or '\u00B2' or '\u00B3');
    }

    /// <summary>
    /// Why <paramref name="name"/> may not be published beside the <paramref name="serving"/>
    /// modules, or null when it may: a serving name that differs only in case would clash in proxy
    /// folders, and a serving module with the same proxy class (<see cref="ProxySourceEmitter.GetClassName"/>)
    /// could not be built into one app with it. The same name is no clash: that is a replacement.
    /// </summary>
    public static string? FindClash(string name, IEnumerable<string> serving)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(serving);
        var names = serving.Where(s => !string.Equals(s, name, StringComparison.Ordinal)).ToList();
        if (names.FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase)) is { } caseTwin)
        {
            return $"module '{caseTwin}' exists; names that differ only in case would clash in proxy folders.";
        }

        var proxyClass = ProxySourceEmitter.GetClassName(name);
        return names.FirstOrDefault(s => ProxySourceEmitter.GetClassName(s) == proxyClass) is { } sameClass
            ? $"module '{sameClass}' already has the proxy class {proxyClass}; an app could not build with both."
            : null;
    }

    /// <summary>
    /// True when <paramref name="requestedBy"/> may replace or remove a module that
    /// <paramref name="owner"/> registered: the owner itself (client names compare without case,
    /// as sessions do), anyone whose key may change others' modules (an admin key), and the
    /// server itself (<paramref name="requestedBy"/> null: its console).
    /// </summary>
    public static bool MayChange(string owner, string? requestedBy, bool mayChangeOthers) =>
        requestedBy is null || mayChangeOthers || string.Equals(owner, requestedBy, StringComparison.OrdinalIgnoreCase);

    /// <summary>The refusal of a replacement by anyone but <paramref name="owner"/> or an admin key (error -32004).</summary>
    public static string ReplaceRefused(string owner, string name) =>
        $"Only '{owner}', who registered '{name}', or an admin key may replace it.";

    /// <summary>The refusal of a removal by anyone but <paramref name="owner"/>, an admin key or the server console (error -32004).</summary>
    public static string RemoveRefused(string owner, string name) =>
        $"Only '{owner}', who registered '{name}', or the server console may unregister it.";
}
