using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Dispatch;

/// <summary>Where an <see cref="InProcessInvoker"/> finds the serving version of a module.</summary>
/// <remarks>The server's <see cref="ModuleRegistry"/> in-process; a worker's own table in a worker process.</remarks>
public interface IModuleSource
{
    /// <summary>The serving version of <paramref name="name"/>, or null. Thread-safe.</summary>
    LoadedModule? Find(string name);
}
