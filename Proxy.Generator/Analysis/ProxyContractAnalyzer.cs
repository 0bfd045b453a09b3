using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SimpleRpc.Proxy.Generator.Extraction;

namespace SimpleRpc.Proxy.Generator.Analysis;

/// <summary>
/// Reports, with its own <c>SRPC00xx</c> IDs, every part of a class marked with
/// <c>[SimpleRpc.Client.RpcModule]</c> that <see cref="ProxyGenerator"/> leaves without a body, and
/// why: the generator itself reports nothing, so without this the only sign would
/// be the compiler's CS8795 "partial method must have an implementation".
/// </summary>
/// <remarks>
/// The rules are <see cref="ProxyShapeRules"/>, the same ones the extract stage applies, so a
/// diagnostic appears exactly where the generator skips. A partial method with a hand-written
/// body, and any non-partial member, is fine and gets nothing. Proxies emitted by the server are
/// marked <c>// &lt;auto-generated/&gt;</c>, so generated code is analyzed too. Stateless.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProxyContractAnalyzer : DiagnosticAnalyzer
{
    private static readonly SymbolDisplayFormat MethodFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ProxyDiagnostics.All;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
        context.RegisterOperationAction(AnalyzeCall, OperationKind.Invocation, OperationKind.MethodReference);
    }

    /// <summary>SRPC0011 at a call (or method group) of a proxy function marked <c>[RpcRemoved]</c>.</summary>
    private static void AnalyzeCall(OperationAnalysisContext context)
    {
        var method = context.Operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IMethodReferenceOperation reference => reference.Method,
            _ => null,
        };
        if (method is null || method.ContainingType is not { } type)
        {
            return;
        }

        var removedIn = ProxyShapeRules.GetRemovedIn(method.PartialDefinitionPart ?? method);
        if (removedIn == 0)
        {
            return;
        }

        var module = ProxyShapeRules.GetModuleName(type.GetAttributes().Where(a => IsMarker(a.AttributeClass))) ?? type.Name;
        context.ReportDiagnostic(Diagnostic.Create(ProxyDiagnostics.RemovedFunction, context.Operation.Syntax.GetLocation(), method.ToDisplayString(MethodFormat), module, removedIn));
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var marked = false;
        foreach (var attribute in type.GetAttributes())
        {
            if (IsMarker(attribute.AttributeClass))
            {
                marked = true;
                AnalyzeMarker(context, type, attribute);
            }
        }

        if (!marked)
        {
            return;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol method)
            {
                AnalyzeMethod(context, method);
            }
        }
    }

    /// <summary>The class-level rules, checked from the declaration the attribute sits on, as the generator starts there.</summary>
    private static void AnalyzeMarker(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData attribute)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken);
        var name = type.ToDisplayString(MethodFormat);
        if (ProxyShapeRules.GetModuleName([attribute]) is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(ProxyDiagnostics.ModuleNameMissing, syntax?.GetLocation() ?? type.Locations.FirstOrDefault(), name));
        }

        if (syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration)
        {
            return;
        }

        var issue = ProxyShapeRules.CheckDeclarations(declaration, out var offender);
        var descriptor = issue switch
        {
            ClassIssue.NotPartial => ProxyDiagnostics.TypeNotPartial,
            ClassIssue.Generic => ProxyDiagnostics.TypeGeneric,
            ClassIssue.FileLocal => ProxyDiagnostics.TypeFileLocal,
            _ => null,
        };
        if (descriptor is not null && offender is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(descriptor, offender.Identifier.GetLocation(), name, offender.Identifier.Text));
        }
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, IMethodSymbol method)
    {
        var check = ProxyShapeRules.CheckMethod(method);
        var name = method.ToDisplayString(MethodFormat);
        var location = check.Parameter?.Locations.FirstOrDefault() ?? method.Locations.FirstOrDefault();
        var diagnostic = check.Issue switch
        {
            MethodIssue.GenericMethod => Diagnostic.Create(ProxyDiagnostics.GenericFunction, location, name),
            MethodIssue.Varargs => Diagnostic.Create(ProxyDiagnostics.Varargs, location, name),
            MethodIssue.RefReturn => Diagnostic.Create(ProxyDiagnostics.ByRefReturn, location, name),
            MethodIssue.RefParameter => Diagnostic.Create(ProxyDiagnostics.ByRefParameter, location, name,
                check.Parameter!.Name, RefKindText(check.Parameter.RefKind)),
            MethodIssue.UnsupportedType => Diagnostic.Create(ProxyDiagnostics.UnsupportedType, location, name,
                check.Parameter is { } parameter ? "parameter '" + parameter.Name + "'" : "the return type",
                check.Type!.ToDisplayString(MethodFormat)),
            MethodIssue.SeveralTokens => Diagnostic.Create(ProxyDiagnostics.SeveralTokens, location, name, check.Parameter!.Name),

            // NotAFunction is fine (a hand-written body, or not partial); an unresolved type is
            // already a compiler error, so a second report would only be noise.
            _ => null,
        };
        if (diagnostic is not null)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>Whether <paramref name="attribute"/> is <c>SimpleRpc.Client.RpcModuleAttribute</c>, matched by name as the generator does.</summary>
    private static bool IsMarker(INamedTypeSymbol? attribute) =>
        attribute is { MetadataName: "RpcModuleAttribute", ContainingType: null }
        && attribute.ContainingNamespace?.ToDisplayString() == "SimpleRpc.Client";

    private static string RefKindText(RefKind kind) => kind switch
    {
        RefKind.Out => "out",
        RefKind.In => "in",
        RefKind.RefReadOnlyParameter => "ref readonly",
        _ => "ref",
    };
}
