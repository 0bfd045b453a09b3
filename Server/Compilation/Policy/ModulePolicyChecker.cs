using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SimpleRpc.Server.Compilation.Policy;

/// <summary>
/// Checks a module's compilation against a <see cref="ModulePolicy"/> (SRPC2001) and for unsafe code
/// (SRPC2002), on the syntax trees and their semantic models, before anything is emitted.
/// Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Every name, member access, object creation, attribute, indexer and user-defined operator is
/// resolved, and the symbol it binds to (through <c>using static</c>, aliases and extension methods
/// alike) is looked up in the policy. <c>nameof(...)</c> and using directives use nothing and are
/// skipped; <c>typeof(X)</c> uses X. A member access chain such as <c>File.ReadAllText(p).Trim()</c>
/// gives one diagnostic, naming its first banned member. The module's own symbols are not looked
/// up, but a namespace it declares is. <c>dynamic</c> counts as a use of the C# runtime binder.
/// </remarks>
public static partial class ModulePolicyChecker
{
    private static readonly SymbolDisplayFormat SymbolFormat = SymbolDisplayFormat.CSharpErrorMessageFormat;

    /// <summary>
    /// Returns an SRPC2001 error for every location in <paramref name="compilation"/> that uses
    /// something <paramref name="policy"/> bans, tree by tree in source order. Meant for a
    /// compilation without errors; with errors, names that did not bind are skipped.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<CompileDiagnostic> Check(CSharpCompilation compilation, ModulePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        return compilation.SyntaxTrees.SelectMany(tree => Check(compilation.GetSemanticModel(tree), policy)).ToList();
    }

    /// <summary>
    /// Returns an SRPC2001 error for every location in the tree of <paramref name="model"/> that
    /// uses something <paramref name="policy"/> bans, in source order. Reusing the model that
    /// reported the tree's diagnostics saves binding the method bodies a second time.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<CompileDiagnostic> Check(SemanticModel model, ModulePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        var binder = model.Compilation.GetTypeByMetadataName("Microsoft.CSharp.RuntimeBinder.Binder");
        var dynamicBan = binder is null ? null : policy.FindBan(binder);
        var findings = new Dictionary<int, Finding>();
        foreach (var node in model.SyntaxTree.GetRoot().DescendantNodes(n => !UsesNothing(n, model)))
        {
            var finding = node is BaseNamespaceDeclarationSyntax declaration
                ? DeclaredNamespace(declaration, model, policy)
                : Use(node, model, model.Compilation.Assembly, policy, dynamicBan);
            if (finding is not null
                && (!findings.TryGetValue(finding.Node.SpanStart, out var kept) || finding.IsBetterThan(kept)))
            {
                findings[finding.Node.SpanStart] = finding;
            }
        }

        return findings.Values
            .OrderBy(f => f.Node.SpanStart)
            .Select(f => Error(ModuleDiagnosticIds.BannedApi, f.Node.GetLocation(), "'" + f.Display + "' is not allowed in a module: " + f.Reason))
            .ToList();
    }

    private static bool UsesNothing(SyntaxNode node, SemanticModel model) => node switch
    {
        UsingDirectiveSyntax or ExternAliasDirectiveSyntax => true,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } invocation =>
            model.GetOperation(invocation) is INameOfOperation,
        _ => false,
    };

    private static Finding? DeclaredNamespace(BaseNamespaceDeclarationSyntax declaration, SemanticModel model, ModulePolicy policy) =>
        model.GetDeclaredSymbol(declaration) is { } ns && policy.FindBan(ns) is { } ban
            ? new Finding(declaration.Name, ns.ToDisplayString(), ban.Reason, IsMember: false)
            : null;

    private static Finding? Use(SyntaxNode node, SemanticModel model, IAssemblySymbol module, ModulePolicy policy, PolicyEntry? dynamicBan)
    {
        if (node is IdentifierNameSyntax { IsVar: true } || !MayBind(node))
        {
            return null;
        }

        var info = model.GetSymbolInfo(node);
        var candidates = info.Symbol is { } bound ? [bound] : info.CandidateSymbols;
        foreach (var candidate in candidates)
        {
            if (candidate is IDynamicTypeSymbol && dynamicBan is not null)
            {
                return new Finding(ReportedNode(node), "dynamic", dynamicBan.Reason, IsMember: false);
            }

            var symbol = Normalize(candidate);
            if (symbol is null
                || SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, module)
                || (symbol is ITypeSymbol && IsQualifier(node)))
            {
                continue;
            }

            if (policy.FindBan(symbol) is { } ban)
            {
                return new Finding(ReportedNode(node), symbol.ToDisplayString(SymbolFormat), ban.Reason, symbol is not ITypeSymbol);
            }
        }

        return null;
    }

    private static bool MayBind(SyntaxNode node) => node is SimpleNameSyntax
        or BaseObjectCreationExpressionSyntax
        or AttributeSyntax
        or ElementAccessExpressionSyntax
        or ElementBindingExpressionSyntax
        or BinaryExpressionSyntax
        or PrefixUnaryExpressionSyntax
        or PostfixUnaryExpressionSyntax
        or CastExpressionSyntax
        or AssignmentExpressionSyntax;

    /// <summary>
    /// True for a type name that only qualifies a member access (<c>Environment</c> in
    /// <c>Environment.NewLine</c>) or names the type of an object creation or attribute: the member
    /// or constructor is what is used (and looked up with its containing types), so an allowed
    /// member of a banned type stays allowed. <c>typeof(File)</c> still uses File.
    /// </summary>
    private static bool IsQualifier(SyntaxNode node)
    {
        while (node.Parent is MemberAccessExpressionSyntax { Name: var name } && name == node
            || node.Parent is QualifiedNameSyntax { Right: var right } && right == node)
        {
            node = node.Parent;
        }

        return node.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == node,
            QualifiedNameSyntax qualified => qualified.Left == node,
            ObjectCreationExpressionSyntax creation => creation.Type == node,
            AttributeSyntax attribute => attribute.Name == node,
            _ => false,
        };
    }

    /// <summary>The API a reference resolves to, as its original definition; null for locals, namespaces and the like.</summary>
    private static ISymbol? Normalize(ISymbol symbol) => symbol switch
    {
        IAliasSymbol alias => Normalize(alias.Target),
        IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } => null,
        IMethodSymbol { ReducedFrom: { } extension } => extension.OriginalDefinition,
        IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol => symbol.OriginalDefinition,
        INamedTypeSymbol { IsTupleType: false } type => type.OriginalDefinition,
        _ => null,
    };

    /// <summary>
    /// The node a use is reported at: a name that ends a member access or qualified name, or names
    /// the type of an object creation or attribute, reports at the whole of it, so that
    /// <c>System.IO.File.ReadAllText</c> and <c>new FileStream(…)</c> start where they start.
    /// </summary>
    private static SyntaxNode ReportedNode(SyntaxNode node)
    {
        while (true)
        {
            switch (node.Parent)
            {
                case MemberAccessExpressionSyntax access when access.Name == node:
                case QualifiedNameSyntax qualified when qualified.Right == node:
                case AliasQualifiedNameSyntax aliased when aliased.Name == node:
                case ObjectCreationExpressionSyntax creation when creation.Type == node:
                case AttributeSyntax attribute when attribute.Name == node:
                    node = node.Parent;
                    break;
                default:
                    return node;
            }
        }
    }

    private static CompileDiagnostic Error(string id, Location location, string message) =>
        CompileDiagnostic.Create(id, CompileDiagnostic.Error, location, message);

    /// <summary>A banned use; of two at the same start, a member beats a type and the shorter (first in the chain) wins.</summary>
    private sealed record Finding(SyntaxNode Node, string Display, string Reason, bool IsMember)
    {
        public bool IsBetterThan(Finding other) => IsMember != other.IsMember
            ? IsMember
            : Node.Span.Length < other.Node.Span.Length;
    }
}
