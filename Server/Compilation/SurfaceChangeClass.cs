namespace SimpleRpc.Server.Compilation;

/// <summary>How a change to a module's public surface affects its callers (docs/modules.md, "Publishing a new version").</summary>
public enum SurfaceChangeClass
{
    /// <summary>Every caller keeps working, and an app rebuilds against the new proxy unchanged.</summary>
    Compatible,

    /// <summary>
    /// The same on the wire: running apps and other JSON-RPC clients keep working, but an app's
    /// code may need a change when it rebuilds against the new proxy (a function turned async).
    /// Published like a compatible change.
    /// </summary>
    CompatibleOnWire,

    /// <summary>A caller that worked with the current version can fail with the new one; the publish is refused unless forced.</summary>
    Breaking,
}
