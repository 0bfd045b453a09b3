namespace SimpleRpc.Server.Isolation;

/// <summary>The worker serves the version now; its functions, as <c>ModuleInfo.Functions</c> lists them.</summary>
internal sealed record WorkerLoaded(int Version, IReadOnlyList<string> Functions);
