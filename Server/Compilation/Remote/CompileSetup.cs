namespace SimpleRpc.Server.Compilation.Remote;

/// <summary>How the compile process compiles: the server's policy and deadline, sent with every request.</summary>
/// <param name="BannedApis">The conf's <c>bannedApis</c> as written (<see cref="Policy.ModulePolicy.FromConfig"/>), or null for the default policy.</param>
/// <param name="TimeoutSeconds">The compiler's own deadline (the server kills the process at <c>compileTimeoutSeconds</c>; this is a backstop).</param>
public sealed record CompileSetup(IReadOnlyList<string>? BannedApis, double TimeoutSeconds);
