namespace SimpleRpc.Proxy.Generator.Extraction;

/// <summary>Why the generator cannot extend a class marked with <c>[RpcModule]</c>.</summary>
internal enum ClassIssue
{
    /// <summary>Nothing: the class can be extended.</summary>
    None,

    /// <summary>The attribute gives no module name (none, null or empty).</summary>
    NoModuleName,

    /// <summary>The class, or a type containing it, is not declared <c>partial</c>.</summary>
    NotPartial,

    /// <summary>The class, or a type containing it, is generic.</summary>
    Generic,

    /// <summary>The class, or a type containing it, is <c>file</c>-local.</summary>
    FileLocal,
}
