namespace SimpleRpc.Server.Compilation;

/// <summary>One change between two versions of a module's public surface, found by <see cref="ModuleSurfaceComparer"/>.</summary>
/// <param name="Class">Whether it breaks callers.</param>
/// <param name="Description">What changed, in one line, e.g. <c>function double Average(double[] values) removed</c>.</param>
/// <param name="Function">The name of the function the change is about, when it is about a function (for its recent callers); else null.</param>
public sealed record SurfaceChange(SurfaceChangeClass Class, string Description, string? Function = null)
{
    /// <summary>The class as the uploader reads it: <c>breaking</c>, <c>compatible</c> or <c>compatible on the wire</c>.</summary>
    public string ClassName => Class switch
    {
        SurfaceChangeClass.Breaking => "breaking",
        SurfaceChangeClass.CompatibleOnWire => "compatible on the wire",
        _ => "compatible",
    };

    /// <summary>The change as one line: <c>breaking: function double Average(double[] values) removed</c>.</summary>
    public override string ToString() => ClassName + ": " + Description;
}
