using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SimpleRpc.Server.Compilation.Policy;

// SRPC2003 / SRPC2004: bidirectional control characters ("Trojan Source", CVE-2021-42574). A
// syntactic check on the text, so it runs even when the C# does not compile.
public static partial class ModulePolicyChecker
{
    private const string TrojanSource = "Trojan Source, CVE-2021-42574";

    /// <summary>
    /// Returns, in source order, an SRPC2003 error for every token or trivia outside string and
    /// character literals and comments that contains a bidirectional control character (U+202A to
    /// U+202E, U+2066 to U+2069), and an SRPC2004 warning for every literal or comment that does.
    /// One diagnostic per token, comment or piece of trivia, at its first such character, naming
    /// each such character in it. Does not need the code to compile.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="compilation"/> is null.</exception>
    public static IReadOnlyList<CompileDiagnostic> FindBidiControls(Microsoft.CodeAnalysis.Compilation compilation)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var diagnostics = new List<CompileDiagnostic>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var text = tree.GetText();
            SyntaxNode? root = null;
            var reported = new HashSet<int>();
            for (var position = 0; position < text.Length; position++)
            {
                if (!IsBidiControl(text[position]))
                {
                    continue;
                }

                root ??= tree.GetRoot();
                var (span, where) = Container(root, position);
                if (!reported.Add(span.Start))
                {
                    continue;
                }

                var characters = string.Join(", ", text.ToString(span).Where(IsBidiControl).Distinct().Select(Describe));
                var location = Location.Create(tree, new TextSpan(position, 1));
                diagnostics.Add(where is null
                    ? Error(
                        ModuleDiagnosticIds.BidiControlInCode,
                        location,
                        $"Bidirectional control character {characters} outside a string literal or comment is not allowed in a module: it makes the code read differently from how it compiles ({TrojanSource}); remove it")
                    : CompileDiagnostic.Create(
                        ModuleDiagnosticIds.BidiControlInLiteral,
                        CompileDiagnostic.Warning,
                        location,
                        $"Bidirectional control character {characters} in {where}: it can make the code around it read differently from how it compiles ({TrojanSource}); in a string, write it as an escape such as \\u202E"));
            }
        }

        return diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
    }

    /// <summary>True for U+202A–U+202E (embeddings, overrides, pop) and U+2066–U+2069 (isolates, pop).</summary>
    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>
    /// The span of the comment, trivia or token at <paramref name="position"/>, and what it is when
    /// a bidirectional character is only a warning there ("a comment", "a string literal"), or null
    /// when it is code (identifiers, whitespace, directives, disabled text, bad characters).
    /// </summary>
    private static (TextSpan Span, string? Where) Container(SyntaxNode root, int position)
    {
        var trivia = root.FindTrivia(position);
        if (trivia.Span.Contains(position))
        {
            return (trivia.Span, trivia.Kind() switch
            {
                SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia => "a comment",
                SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia => "a documentation comment",
                _ => null,
            });
        }

        var token = root.FindToken(position);
        if (!token.Span.Contains(position))
        {
            return (new TextSpan(position, 1), null);
        }

        return (token.Span, token.Kind() switch
        {
            SyntaxKind.StringLiteralToken
                or SyntaxKind.Utf8StringLiteralToken
                or SyntaxKind.SingleLineRawStringLiteralToken
                or SyntaxKind.MultiLineRawStringLiteralToken
                or SyntaxKind.Utf8SingleLineRawStringLiteralToken
                or SyntaxKind.Utf8MultiLineRawStringLiteralToken
                or SyntaxKind.InterpolatedStringTextToken => "a string literal",
            SyntaxKind.CharacterLiteralToken => "a character literal",
            _ => null,
        });
    }

    private static string Describe(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " (" + c switch
    {
        '\u202A' => "left-to-right embedding",
        '\u202B' => "right-to-left embedding",
        '\u202C' => "pop directional formatting",
        '\u202D' => "left-to-right override",
        '\u202E' => "right-to-left override",
        '\u2066' => "left-to-right isolate",
        '\u2067' => "right-to-left isolate",
        '\u2068' => "first strong isolate",
        _ => "pop directional isolate",
    } + ")";
}
