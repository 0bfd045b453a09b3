namespace SimpleRpc.Proxy.Generator.Models;

/// <summary>How a proxy function returns, which decides the runtime call it makes.</summary>
internal enum ProxyReturnKind
{
    /// <summary>Synchronous and returns nothing.</summary>
    Void,

    /// <summary>Synchronous and returns a value.</summary>
    Value,

    /// <summary>Returns <c>Task</c>.</summary>
    Task,

    /// <summary>Returns <c>Task&lt;T&gt;</c>.</summary>
    TaskOfT,

    /// <summary>Returns <c>ValueTask</c>.</summary>
    ValueTask,

    /// <summary>Returns <c>ValueTask&lt;T&gt;</c>.</summary>
    ValueTaskOfT,
}
