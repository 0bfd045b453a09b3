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
            && SyntaxFacts.GetKeywordKind(moduleName) == SyntaxKind.None;
        if (!plain)
        {
            throw new ArgumentException(
                "A module name must be a plain C# identifier (letters, digits and '_', not starting with a digit, not a keyword): '" + moduleName + "'.",
                nameof(moduleName));
        }
    }

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
