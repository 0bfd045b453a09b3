using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Dispatch;

public sealed partial class InProcessInvoker
{
    // Resolves and enters the serving version. A version retired between the lookup and the
    // enter (a replacement landed) is skipped and the lookup repeated, so a new call never runs
    // on a version that is being unloaded.
    private (LoadedModule, ModuleFunction, object?[]) Resolve(JsonRpcMessage request)
    {
        var method = request.Method!;
        var (moduleName, target, functionName, hasSignature) = MethodTarget.Of(method) ?? throw ModuleCalls.NotAModuleCall(method);
        while (true)
        {
            var module = _modules.Find(moduleName)
                ?? throw ModuleCalls.NoSuchModule(moduleName);
            if (!module.TryEnterCall())
            {
                continue;
            }

            try
            {
                var overloads = module.Overloads(functionName);
                var candidates = hasSignature ? WithSignature(overloads, target) : overloads;
                if (candidates.Count == 0 && hasSignature)
                {
                    // Only when the exact id is gone: a proxy built before optional parameters were added.
                    candidates = OptionalTailMatch.Find(overloads, target);
                }

                if (candidates.Count == 0)
                {
                    throw !hasSignature && overloads.Count == 0
                        ? new RpcException(RpcErrorCodes.MethodNotFound, $"Method not found: module '{moduleName}' v{module.Info.Version} has no function '{functionName}'.")
                        : ModuleChanged(request, module, target, overloads);
                }

                var (function, arguments) = ArgumentBinder.Bind(method, candidates, request, module.Values);
                return (module, function, arguments);
            }
            catch
            {
                module.ExitCall();
                throw;
            }
        }
    }

    // A generated proxy names the exact signature it was built against; when the module no
    // longer has it, the app must be rebuilt, and the message says against what.
    private static RpcException ModuleChanged(JsonRpcMessage request, LoadedModule module, string signature, IReadOnlyList<ModuleFunction> sameName)
    {
        var built = request.ModuleVersion is { } version ? $"v{version}" : "an earlier version";
        var now = sameName.Count == 0 ? "it has no function of that name" : "it has " + string.Join("; ", sameName.Select(f => f.Signature));
        return new RpcException(
            RpcErrorCodes.ModuleChanged,
            $"Module '{module.Name}' changed: this app was built against {built}, the server has v{module.Info.Version}, where {signature} no longer exists ({now}). Rebuild the app against the current proxies.");
    }

    // The overload a generated proxy names by its signature id; no list per call (a module's
    // overloads are few, and their ids are unique within a module).
    private static IReadOnlyList<ModuleFunction> WithSignature(IReadOnlyList<ModuleFunction> overloads, string signatureId)
    {
        for (var i = 0; i < overloads.Count; i++)
        {
            if (overloads[i].SignatureId == signatureId)
            {
                return overloads[i].Alone;
            }
        }

        return [];
    }
}
