using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SimpleRpc.Proxy.Generator.Analysis;

/// <summary>
/// The diagnostics of <see cref="ProxyContractAnalyzer"/>: one per shape the generator cannot
/// implement. Tracked in <c>AnalyzerReleases.*.md</c> and documented in <c>docs/diagnostics.md</c>.
/// </summary>
internal static class ProxyDiagnostics
{
    private const string Category = "SimpleRpc.Proxy";

    /// <summary>SRPC0001: the attribute gives no module name.</summary>
    public static readonly DiagnosticDescriptor ModuleNameMissing = Create(
        "SRPC0001",
        "RpcModule attribute without a module name",
        "The RpcModule attribute on '{0}' gives no module name, so none of its functions get a body",
        "A proxy class is marked with [RpcModule(\"name\")]; without a non-empty name the generator does not know which module to call.");

    /// <summary>SRPC0002: the proxy class or a containing type is not partial.</summary>
    public static readonly DiagnosticDescriptor TypeNotPartial = Create(
        "SRPC0002",
        "Proxy class cannot be extended: a type is not partial",
        "'{0}' gets no generated bodies because '{1}' is not declared partial",
        "The generator adds the bodies in another part of the proxy class, so the class and every type containing it must be partial.");

    /// <summary>SRPC0003: the proxy class or a containing type is generic.</summary>
    public static readonly DiagnosticDescriptor TypeGeneric = Create(
        "SRPC0003",
        "Proxy class cannot be extended: a type is generic",
        "'{0}' gets no generated bodies because '{1}' is generic",
        "A module is one set of functions; a proxy class, and every type containing it, must not have type parameters.");

    /// <summary>SRPC0004: the proxy class or a containing type is file-local.</summary>
    public static readonly DiagnosticDescriptor TypeFileLocal = Create(
        "SRPC0004",
        "Proxy class cannot be extended: a type is file-local",
        "'{0}' gets no generated bodies because '{1}' is file-local",
        "The generated bodies live in a file of their own, which cannot see a 'file' type.");

    /// <summary>SRPC0005: a generic proxy function.</summary>
    public static readonly DiagnosticDescriptor GenericFunction = Create(
        "SRPC0005",
        "Proxy function is generic",
        "'{0}' gets no generated body because it has type parameters",
        "A call sends a module function's arguments as values; a function with type parameters cannot be called that way.");

    /// <summary>SRPC0006: a by-reference parameter.</summary>
    public static readonly DiagnosticDescriptor ByRefParameter = Create(
        "SRPC0006",
        "Proxy function takes a parameter by reference",
        "'{0}' gets no generated body because parameter '{1}' is passed by reference ({2})",
        "A call sends values and nothing comes back through a parameter, so ref, out, in and ref readonly parameters cannot work.");

    /// <summary>SRPC0007: a by-reference return.</summary>
    public static readonly DiagnosticDescriptor ByRefReturn = Create(
        "SRPC0007",
        "Proxy function returns by reference",
        "'{0}' gets no generated body because it returns by reference",
        "A call's result arrives as a value; there is no storage in the app for a reference to point at.");

    /// <summary>SRPC0008: a type that cannot travel as a value.</summary>
    public static readonly DiagnosticDescriptor UnsupportedType = Create(
        "SRPC0008",
        "Proxy function uses a type that cannot travel",
        "'{0}' gets no generated body because {1} uses '{2}', a pointer, ref struct or type parameter",
        "Arguments travel in an object?[] and results in a Task<T>; pointers, ref structs such as Span<T>, and type parameters cannot.");

    /// <summary>SRPC0009: more than one CancellationToken.</summary>
    public static readonly DiagnosticDescriptor SeveralTokens = Create(
        "SRPC0009",
        "Proxy function takes more than one CancellationToken",
        "'{0}' gets no generated body because parameter '{1}' is a second CancellationToken",
        "A call has one cancellation token; the generator cannot tell which of several to pass.");

    /// <summary>SRPC0010: __arglist.</summary>
    public static readonly DiagnosticDescriptor Varargs = Create(
        "SRPC0010",
        "Proxy function takes __arglist",
        "'{0}' gets no generated body because it takes __arglist",
        "Variable arguments with __arglist cannot be collected into a call; use a params array instead.");

    /// <summary>SRPC0011: a call to a function the module removed (a warning: the app still builds).</summary>
    public static readonly DiagnosticDescriptor RemovedFunction = new(
        "SRPC0011",
        "Call to a function the module removed",
        "'{0}' was removed from module '{1}' in version {2}; this call fails at run time",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        "The server keeps declaring a function a recent version of its module removed, or whose parameters changed, marked [RpcRemoved], so that the app still builds; calling it fails with -32012 or -32601. Call what the module has now.");

    /// <summary>Every descriptor, for <see cref="ProxyContractAnalyzer.SupportedDiagnostics"/>.</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> All =
    [
        ModuleNameMissing, TypeNotPartial, TypeGeneric, TypeFileLocal, GenericFunction,
        ByRefParameter, ByRefReturn, UnsupportedType, SeveralTokens, Varargs, RemovedFunction,
    ];

    private static DiagnosticDescriptor Create(string id, string title, string message, string description) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description);
}
