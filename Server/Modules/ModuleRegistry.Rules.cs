namespace SimpleRpc.Server.Modules;

/// <summary>The registry applies <see cref="ModuleRules"/> to the modules it serves.</summary>
public sealed partial class ModuleRegistry
{
    /// <summary>
    /// Throws unless <paramref name="requestedBy"/> may publish <paramref name="name"/> now: the name
    /// is allowed, clashes with no serving module, and is free or owned by
    /// <paramref name="requestedBy"/> (or <paramref name="mayReplaceOthers"/>). Sessions ask before a
    /// byte of an upload is kept; <see cref="RegisterAsync(string, string, string, string, bool, bool, CancellationToken)"/>
    /// asks again under its gate, since another upload may have been published meanwhile.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not allowed or clashes with a serving module (error -32010, upload refused).</exception>
    /// <exception cref="UnauthorizedAccessException">Another client registered the module (error -32004, not allowed).</exception>
    public void CheckPublish(string name, string requestedBy, bool mayReplaceOthers)
    {
        ModuleRules.ValidateName(name);
        if (ModuleRules.FindClash(name, _modules.Keys) is { } clash)
        {
            throw new ArgumentException(clash);
        }

        if (Find(name) is { } serving && !ModuleRules.MayChange(serving.Info.RegisteredBy, requestedBy, mayReplaceOthers))
        {
            throw new UnauthorizedAccessException(ModuleRules.ReplaceRefused(serving.Info.RegisteredBy, name));
        }
    }

    // Removing needs the same ownership as replacing; a null requester is the server console.
    private static void CheckRemove(LoadedModule module, string? requestedBy, bool mayRemoveOthers)
    {
        if (!ModuleRules.MayChange(module.Info.RegisteredBy, requestedBy, mayRemoveOthers))
        {
            throw new UnauthorizedAccessException(ModuleRules.RemoveRefused(module.Info.RegisteredBy, module.Name));
        }
    }
}
