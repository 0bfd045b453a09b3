using SimpleRpc.Server.Compilation;

namespace SimpleRpc.Server.Modules;

/// <summary>An upload that did not compile: what the dashboard shows as a module's last failed publish.</summary>
/// <param name="Module">The module's name.</param>
/// <param name="RegisteredBy">The client that uploaded it.</param>
/// <param name="At">When the compile failed.</param>
/// <param name="Source">The uploaded source (kept in memory only, never stored or sent to stubs).</param>
/// <param name="Diagnostics">The compiler's and the policy's diagnostics, with their lines.</param>
public sealed record FailedPublish(string Module, string RegisteredBy, DateTimeOffset At, string Source, IReadOnlyList<CompileDiagnostic> Diagnostics);
