using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SimpleRpc.Server.Compilation.Policy;

// SRPC2002: unsafe code. A syntactic check, so it runs even when the C# does not compile (which
// unsafe code never does: modules compile with AllowUnsafe=false, so CS0227/CS0214 come too).
public static partial class ModulePolicyChecker
{
    private const string UnsafeReason =
        "is unsafe code, which is not allowed in a module: pointers and unchecked memory access can read and corrupt the server's memory";

    private const int LongestQuote = 40;

    /// <summary>
    /// Returns an SRPC2002 error for every <c>unsafe</c> modifier or block, and for every pointer
    /// type, function pointer type, <c>fixed</c> statement, address-of, pointer indirection or
    /// <c>-&gt;</c> outside one, in source order. Does not need the code to compile.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="compilation"/> is null.</exception>
    public static IReadOnlyList<CompileDiagnostic> FindUnsafeCode(Microsoft.CodeAnalysis.Compilation compilation)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var diagnostics = new List<CompileDiagnostic>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = tree.GetRoot();
            foreach (var token in root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.UnsafeKeyword)))
            {
                diagnostics.Add(Error(ModuleDiagnosticIds.UnsafeCode, token.GetLocation(), "'unsafe' " + UnsafeReason));
            }

            // Inside an unsafe region the keyword was reported already; one diagnostic per region,
            // and one per outermost pointer construct (int** is one type, not two).
            foreach (var node in root.DescendantNodes(n => !IsUnsafeRegion(n)).Where(IsPointerConstruct))
            {
                if (!node.Ancestors().Any(IsPointerConstruct))
                {
                    diagnostics.Add(Error(ModuleDiagnosticIds.UnsafeCode, node.GetLocation(), "'" + Quote(node) + "' " + UnsafeReason));
                }
            }
        }

        return diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
    }

    private static bool IsUnsafeRegion(SyntaxNode node) => node switch
    {
        UnsafeStatementSyntax => true,
        MemberDeclarationSyntax member => member.Modifiers.Any(SyntaxKind.UnsafeKeyword),
        LocalFunctionStatementSyntax function => function.Modifiers.Any(SyntaxKind.UnsafeKeyword),
        _ => false,
    };

    private static bool IsPointerConstruct(SyntaxNode node) => node.Kind() is SyntaxKind.PointerType
        or SyntaxKind.FunctionPointerType
        or SyntaxKind.FixedStatement
        or SyntaxKind.AddressOfExpression
        or SyntaxKind.PointerIndirectionExpression
        or SyntaxKind.PointerMemberAccessExpression;

    private static string Quote(SyntaxNode node)
    {
        var text = node is FixedStatementSyntax ? "fixed" : node.ToString();
        return text.Length <= LongestQuote ? text : text[..LongestQuote] + "…";
    }
}
