using Microsoft.CodeAnalysis.CSharp;

namespace SimpleRpc.Server.Compilation;

/// <summary>Rules for module names and the proxy class name derived from one.</summary>
internal static class ModuleNames
{
    /// <summary>
    /// Throws unless <paramref name="moduleName"/> is a plain C# identifier: letters, digits and
    /// underscores, not starting with a digit, not a keyword, no <c>@</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException">The name is null.</exception>
    /// <exception cref="ArgumentException">The name is not a plain identifier.</exception>
    public static void Validate(string moduleName)
    {
        ArgumentNullException.ThrowIfNull(moduleName);
        var plain = moduleName.Length > 0
            && moduleName.All(c => char.IsLetterOrDigit(c) || c == '_')
            && SyntaxFacts.IsValidIdentifier(moduleName)
            && SyntaxFacts.GetKeywordKind(moduleName) == SyntaxKind.None
            && !IsReservedDeviceName(moduleName)
            && System.Text.Encoding.UTF8.GetByteCount(moduleName) <= MaxNameBytes;
        if (!plain)
        {
            throw new ArgumentException(
                "A module name must be a plain C# identifier (letters, digits and '_', not starting with a digit, not a keyword, not a reserved device name such as CON or LPT1, at most 128 UTF-8 bytes): '" + moduleName + "'.");
        }
    }

    // Module names become file names on every stub: refuse the names Windows reserves for
    // devices (CON, PRN, AUX, NUL, COM1-9, LPT1-9), whatever the case.
    // The same rule as ModuleStore's: COM0-9 and LPT0-9 and their superscript forms, as
    // current Windows documentation lists them.
    internal static bool IsReservedDeviceName(string name)
    {
        var upper = name.ToUpperInvariant();
        return upper is "CON" or "PRN" or "AUX" or "NUL"
            || (upper.Length == 4 && (upper.StartsWith("COM", StringComparison.Ordinal) || upper.StartsWith("LPT", StringComparison.Ordinal)) && upper[3] is (>= '0' and <= '9') or '\u00B9' or '\u00B2' or '\u00B3');
    }

    /// <summary>The longest module name in UTF-8 bytes (stored folders add a prefix; file systems allow 255).</summary>
    public const int MaxNameBytes = 128;

    /// <summary>
    /// The proxy class name: PascalCase of the module name with underscores removed
    /// (<c>z</c> → <c>Z</c>, <c>my_math</c> → <c>MyMath</c>). Never empty, never starts with a digit.
    /// </summary>
    public static string ToClassName(string moduleName)
    {
        var parts = moduleName.Split('_', StringSplitOptions.RemoveEmptyEntries);
        var name = string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        if (name.Length == 0)
        {
            return "Module";
        }

        return char.IsDigit(name[0]) ? "_" + name : name;
    }
}
