namespace SimpleRpc.Proxy.Generator.Extraction;

/// <summary>Why the generator does not implement a method of a proxy class.</summary>
internal enum MethodIssue
{
    /// <summary>Nothing: a body-less partial method the generator implements.</summary>
    None,

    /// <summary>Not a function to implement: not a partial definition, or already has a body. Fine.</summary>
    NotAFunction,

    /// <summary>The method has type parameters.</summary>
    GenericMethod,

    /// <summary>The method takes <c>__arglist</c>.</summary>
    Varargs,

    /// <summary>The method returns by reference.</summary>
    RefReturn,

    /// <summary>A parameter is <c>ref</c>, <c>out</c>, <c>in</c> or <c>ref readonly</c>.</summary>
    RefParameter,

    /// <summary>The return or a parameter type has a pointer, ref struct or type parameter in it.</summary>
    UnsupportedType,

    /// <summary>A type does not resolve; the compiler already reports it, so no diagnostic of ours.</summary>
    ErrorType,

    /// <summary>More than one parameter is a <c>CancellationToken</c>.</summary>
    SeveralTokens,
}
