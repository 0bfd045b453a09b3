using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using SimpleRpc.Server.Compilation.Policy;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// Compiles a module's source with Roslyn into a PE image with an embedded portable PDB and the
/// source embedded (so stack traces carry <c>&lt;module&gt;.cs:line N</c>), checks the export rules
/// (<see cref="ModuleDiagnosticIds"/>) and emits the module's proxy. A module that compiles is checked
/// against the <see cref="ModulePolicy"/>, and every module for unsafe code and bidirectional control
/// characters, before anything is emitted.
/// </summary>
/// <remarks>
/// Modules compile against the .NET 10 reference assemblies (Basic.Reference.Assemblies.Net100),
/// never against the server's loaded assemblies, so a module cannot see SimpleRpc's own types.
/// Thread-safe: the compiler keeps no per-compile state, and any number of compiles may run at once.
/// </remarks>
public sealed partial class ModuleCompiler
{
    private static readonly ImmutableArray<MetadataReference> References =
        [.. Net100.References.All];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Debug codegen marks the assembly so the JIT does not optimise it. With Release, the JIT
    // inlines small functions into the dispatcher's compiled invoker and their frames vanish
    // from the stack trace the caller gets (AnyLanguageClientTests.Python_… checks for
    // "z.cs:line"). The cost is unoptimised module bodies; the call path itself is unaffected.
    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Debug,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: false,
        deterministic: true);

    private static readonly SymbolDisplayFormat InfoFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.Embedded);

    private readonly Serilog.ILogger _log;

    private readonly ModulePolicy _policy;

    /// <summary>The default of <see cref="Timeout"/> (<c>compileTimeoutSeconds</c>).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one compile may take (<c>compileTimeoutSeconds</c>, default 30 s): past it the
    /// compile is cancelled and the module refused with <see cref="ModuleDiagnosticIds.CompileTimedOut"/>.
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The Roslyn version modules are compiled with; stored beside compiled bytes.</summary>
    public static string CompilerVersion { get; } =
        typeof(CSharpCompilation).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? typeof(CSharpCompilation).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Creates a compiler that logs to <paramref name="log"/> and refuses what <paramref name="policy"/> bans.</summary>
    /// <param name="log">Where compiles are logged.</param>
    /// <param name="policy">The banned APIs; null for <see cref="ModulePolicy.Default"/>.</param>
    public ModuleCompiler(Serilog.ILogger log, ModulePolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        _log = log;
        _policy = policy ?? ModulePolicy.Default;
    }

    /// <summary>
    /// Compiles the module <paramref name="moduleName"/> from <paramref name="source"/>. Never throws
    /// for bad source: errors come back in <see cref="CompileResult.Diagnostics"/>, with
    /// <see cref="CompileResult.Success"/> false and no assembly or proxy.
    /// </summary>
    /// <param name="moduleName">The module's name, one the registry's rules allow (<see cref="Modules.ModuleRules.ValidateName"/>:
    /// the compiler does not check it again); diagnostics name the file <c>&lt;moduleName&gt;.cs</c>.</param>
    /// <param name="source">The module's C# source.</param>
    /// <param name="version">The version the registry gives this upload; part of the assembly name
    /// (<c>SimpleRpc.Module.&lt;name&gt;.v&lt;version&gt;</c>) and of the proxy's attribute.</param>
    /// <param name="checksum">Lower-case hex SHA-256 of the source, written into the proxy's attribute.</param>
    /// <param name="cancellationToken">Stops the compile (it throws); the <see cref="Timeout"/> stops it too, as a failed result.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is negative.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public CompileResult Compile(string moduleName, string source, int version, string checksum, CancellationToken cancellationToken = default) =>
        CompileAgainst(moduleName, source, version, checksum, null, cancellationToken);

    /// <summary>
    /// Compiles the module as <see cref="Compile"/> does and,
    /// when it compiles and a <paramref name="baseline"/> is given, compares its public surface with
    /// the baseline's (<see cref="CompileResult.Changes"/>).
    /// </summary>
    /// <param name="moduleName">The module's name, one the registry's rules allow.</param>
    /// <param name="source">The module's C# source.</param>
    /// <param name="version">The version the registry gives this upload.</param>
    /// <param name="checksum">Lower-case hex SHA-256 of the source.</param>
    /// <param name="baseline">The serving version this one replaces, or null.</param>
    /// <param name="cancellationToken">Stops the compile (it throws).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public CompileResult CompileAgainst(string moduleName, string source, int version, string checksum, ModuleBaseline? baseline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(moduleName);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(checksum);
        ArgumentOutOfRangeException.ThrowIfNegative(version);

        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            return CompileWithin(moduleName, source, version, checksum, baseline, started, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            _log.Warning(
                "Compile of {ModuleName} v{ModuleVersion} was stopped after {ElapsedMs} ms: it passed its deadline of {Seconds} s (compileTimeoutSeconds)",
                moduleName,
                version,
                elapsedMs,
                Timeout.TotalSeconds);
            return TimedOutResult(moduleName);
        }
    }

    /// <summary>The result of a compile of <paramref name="moduleName"/> that passed <see cref="Timeout"/>: one <see cref="ModuleDiagnosticIds.CompileTimedOut"/> error.</summary>
    internal CompileResult TimedOutResult(string moduleName) => Failed([TimedOut(moduleName + ".cs")]);

    private CompileDiagnostic TimedOut(string path) => new(
        ModuleDiagnosticIds.CompileTimedOut,
        CompileDiagnostic.Error,
        path,
        1,
        1,
        string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Compiling the module took longer than the server's deadline of {Timeout.TotalSeconds:0.###} s (compileTimeoutSeconds) and was stopped; the module is refused. Simplify what makes it slow to compile, such as lambdas nested in calls to overloaded methods."));

    private CompileResult CompileWithin(string moduleName, string source, int version, string checksum, ModuleBaseline? baseline, long started, CancellationToken cancellationToken)
    {
        var path = moduleName + ".cs";

        // The text needs an encoding to be embedded in the PDB (EmbeddedText.FromSource).
        var text = SourceText.From(source, Encoding.UTF8);
        var tree = CSharpSyntaxTree.ParseText(text, ParseOptions, path, cancellationToken);

        // One assembly name per module version: each version loads into its own ModuleLoadContext,
        // and a recompile of the same version yields the same bytes (deterministic).
        var compilation = CSharpCompilation.Create(
            "SimpleRpc.Module." + moduleName + ".v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [tree, ImplicitUsingsTree],
            References,
            CompilationOptions);

        // The policy runs on the semantic model of a module that compiles, before emit (one model,
        // so the bodies bound for the diagnostics are reused). Unsafe code never compiles here
        // (AllowUnsafe is off), so that check is syntactic and always runs.
        // Bidirectional control characters (Trojan Source) are found on the text, like unsafe code:
        // errors in code, warnings in literals and comments, which must outlive the emit below.
        var model = compilation.GetSemanticModel(tree);
        var diagnostics = Reportable(model.GetDiagnostics(cancellationToken: cancellationToken));
        var bidi = ModulePolicyChecker.FindBidiControls(compilation);
        diagnostics.AddRange(bidi);
        diagnostics.AddRange(ModulePolicyChecker.FindUnsafeCode(compilation));
        if (!diagnostics.Any(d => d.IsError))
        {
            cancellationToken.ThrowIfCancellationRequested();
            diagnostics.AddRange(ModulePolicyChecker.Check(model, _policy));
        }

        cancellationToken.ThrowIfCancellationRequested();

        using var peStream = new MemoryStream();
        var emit = diagnostics.Any(d => d.IsError)
            ? null
            : compilation.Emit(peStream, embeddedTexts: [EmbeddedText.FromSource(path, text)], options: EmitOptions, cancellationToken: cancellationToken);
        diagnostics = emit is null ? diagnostics : [.. Reportable(emit.Diagnostics), .. bidi];

        CompileResult result;
        if (emit is not { Success: true })
        {
            result = Failed(diagnostics);
        }
        else
        {
            var exports = ModuleExportCollector.Collect(compilation, ProxySourceEmitter.GetClassName(moduleName));
            diagnostics.AddRange(exports.Diagnostics);
            if (exports.Diagnostics.Count > 0)
            {
                result = Failed(diagnostics);
            }
            else
            {
                var (changes, removed) = baseline is null ? ([], []) : CompareWith(moduleName, version, baseline, exports, cancellationToken);
                result = new CompileResult(
                    true,
                    peStream.ToArray(),
                    Sort(diagnostics),
                    ProxySourceEmitter.Emit(moduleName, version, checksum, exports, removed),
                    exports.Functions.Select(ToInfo).ToList())
                {
                    Changes = changes,
                    RemovedFunctions = removed,
                };
            }
        }

        var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (result.Success)
        {
            _log.Information("Compiled {ModuleName} v{ModuleVersion} in {ElapsedMs} ms", moduleName, version, elapsedMs);
        }
        else
        {
            _log.Warning(
                "Compile of {ModuleName} v{ModuleVersion} failed with {ErrorCount} errors in {ElapsedMs} ms",
                moduleName,
                version,
                result.Errors.Count(),
                elapsedMs);
        }

        return result;
    }

    private static List<CompileDiagnostic> Reportable(IEnumerable<Diagnostic> diagnostics) => diagnostics
        .Where(d => !d.IsSuppressed && d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning)
        .Select(CompileDiagnostic.From)
        .ToList();

    private static CompileResult Failed(List<CompileDiagnostic> diagnostics) =>
        new(false, null, Sort(diagnostics), null, []);

    private static List<CompileDiagnostic> Sort(List<CompileDiagnostic> diagnostics) => diagnostics
        .OrderBy(d => d.Line)
        .ThenBy(d => d.Column)
        .ThenBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    private static ModuleFunctionInfo ToInfo(IMethodSymbol function) => new(
        function.Name,
        MetadataName(function.ContainingType),
        function.Parameters.Select(p => p.Type.ToDisplayString(InfoFormat)).ToList(),
        function.ReturnType.ToDisplayString(InfoFormat));

    /// <summary>The name reflection knows a top-level type by: <c>Namespace.Name</c>.</summary>
    private static string MetadataName(INamedTypeSymbol type)
    {
        var parts = new Stack<string>();
        parts.Push(type.MetadataName);
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            parts.Push(ns.MetadataName);
        }

        return string.Join('.', parts);
    }
}
