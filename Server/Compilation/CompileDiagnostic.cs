using System.Globalization;
using Microsoft.CodeAnalysis;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// One error or warning of a module compile, with a 1-based position in the module's file.
/// </summary>
/// <param name="Id">The diagnostic id: <c>CS….</c> from the C# compiler, <c>SRPC….</c> from
/// <see cref="ModuleDiagnosticIds"/>.</param>
/// <param name="Severity"><c>"error"</c> or <c>"warning"</c>.</param>
/// <param name="File">The file the diagnostic is in (<c>&lt;module&gt;.cs</c>), or empty when it has no
/// source location.</param>
/// <param name="Line">1-based line, or 0 without a source location.</param>
/// <param name="Column">1-based column, or 0 without a source location.</param>
/// <param name="Message">The message, in the invariant culture.</param>
public sealed record CompileDiagnostic(string Id, string Severity, string File, int Line, int Column, string Message)
{
    /// <summary>The <see cref="Severity"/> of an error.</summary>
    public const string Error = "error";

    /// <summary>The <see cref="Severity"/> of a warning.</summary>
    public const string Warning = "warning";

    /// <summary>True if this diagnostic is an error.</summary>
    public bool IsError => Severity == Error;

    /// <summary>Formats the diagnostic as the C# compiler does: <c>z.cs(3,5): error CS1002: ; expected</c>.</summary>
    public override string ToString() => File.Length == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Severity} {Id}: {Message}")
        : string.Create(CultureInfo.InvariantCulture, $"{File}({Line},{Column}): {Severity} {Id}: {Message}");

    /// <summary>Converts a Roslyn diagnostic; the caller has already dropped hidden and info ones.</summary>
    internal static CompileDiagnostic From(Diagnostic diagnostic) => Create(
        diagnostic.Id,
        diagnostic.Severity == DiagnosticSeverity.Error ? Error : Warning,
        diagnostic.Location,
        diagnostic.GetMessage(CultureInfo.InvariantCulture));

    /// <summary>Creates a diagnostic at <paramref name="location"/> (which may be <see cref="Location.None"/>).</summary>
    internal static CompileDiagnostic Create(string id, string severity, Location location, string message)
    {
        if (!location.IsInSource)
        {
            return new CompileDiagnostic(id, severity, string.Empty, 0, 0, message);
        }

        var span = location.GetLineSpan();
        return new CompileDiagnostic(
            id,
            severity,
            span.Path,
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            message);
    }
}
