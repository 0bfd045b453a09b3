namespace SimpleRpc.Server.Compilation;

/// <summary>
/// The ids of the diagnostics that <see cref="ModuleCompiler"/> reports itself, on top of the C#
/// compiler's own. Each is an error (a module that triggers one is refused and nothing of it is
/// kept) except <see cref="BidiControlInLiteral"/>, a warning.
/// </summary>
public static class ModuleDiagnosticIds
{
    /// <summary>
    /// SRPC1001: the module exports no functions. A function is a public, static, non-generic,
    /// ordinary method of a public, non-generic, top-level class.
    /// </summary>
    public const string NoFunctions = "SRPC1001";

    /// <summary>
    /// SRPC1002: two functions with the same name and the same parameter count are declared in
    /// different classes, so a call <c>"&lt;module&gt;.&lt;Function&gt;"</c> could not tell them
    /// apart. Overloads inside one class are allowed.
    /// </summary>
    public const string DuplicateFunction = "SRPC1002";

    /// <summary>
    /// SRPC1003: a function takes a <c>ref</c>, <c>out</c>, <c>in</c> or <c>ref readonly</c>
    /// parameter, or a parameter of a pointer, function pointer or ref struct type (such as
    /// <c>Span&lt;T&gt;</c>), none of which can travel as JSON.
    /// </summary>
    public const string UnsupportedParameter = "SRPC1003";

    /// <summary>
    /// SRPC1004: a function returns by reference, or returns a pointer, function pointer or ref
    /// struct type.
    /// </summary>
    public const string UnsupportedReturnType = "SRPC1004";

    /// <summary>
    /// SRPC1005: a function or data type uses a type declared in the module that the proxy cannot
    /// declare: only public, top-level, non-generic records, classes, structs and enums travel as
    /// data types (a nested, generic or interface type does not).
    /// </summary>
    public const string UnsupportedModuleType = "SRPC1005";

    /// <summary>
    /// SRPC1006: a name would clash in the proxy: two data types share a name, a data type has
    /// the name of a function or of a function's <c>…Async</c> twin, or a data type or function
    /// has the name of the proxy class itself.
    /// </summary>
    public const string ProxyNameConflict = "SRPC1006";

    /// <summary>
    /// SRPC1007: compiling the module took longer than the server's deadline
    /// (<c>compileTimeoutSeconds</c>) and was stopped. Some small sources make the compiler's work
    /// grow exponentially (lambdas nested in calls to overloaded methods: every level binds each
    /// lambda once per overload); the module is refused instead of holding the server's CPU.
    /// </summary>
    public const string CompileTimedOut = "SRPC1007";

    /// <summary>
    /// SRPC1008: the server's compile process (<c>compileIsolation: process</c>) ended or failed while
    /// compiling the module: it crashed, ran out of memory (<c>compileMemoryLimitMB</c>) or was killed from outside. The module is
    /// refused; the next compile starts a new compile process.
    /// </summary>
    public const string CompileProcessLost = "SRPC1008";

    /// <summary>
    /// SRPC2001: the module uses an API that the server's <see cref="Policy.ModulePolicy"/> bans (the
    /// file system, processes, the network, reflection by name, interop, threads, the server's own
    /// namespace and so on). The message names the symbol, fully qualified, and the reason.
    /// Reported once per offending location, after the module compiles and before it is emitted.
    /// </summary>
    public const string BannedApi = "SRPC2001";

    /// <summary>
    /// SRPC2002: the module contains unsafe code: an <c>unsafe</c> modifier or block, a pointer or
    /// function pointer type, <c>fixed</c>, <c>&amp;</c>, <c>*</c> or <c>-&gt;</c> on pointers. Modules
    /// compile with unsafe code disallowed, so the C# compiler's CS0227 or CS0214 comes too.
    /// </summary>
    public const string UnsafeCode = "SRPC2002";

    /// <summary>
    /// SRPC2003: a bidirectional control character (U+202A to U+202E, U+2066 to U+2069) outside a
    /// string or character literal and outside a comment: in an identifier, in whitespace, in a
    /// preprocessor directive or disabled text. Such characters make an editor show the code in an
    /// order other than the compiler's ("Trojan Source", CVE-2021-42574). Reported at the character,
    /// once per token or trivia, naming each such character; checked on the text, so it comes even
    /// when the module does not compile.
    /// </summary>
    public const string BidiControlInCode = "SRPC2003";

    /// <summary>
    /// SRPC2004 (a warning, the module is kept): a bidirectional control character inside a string
    /// or character literal or a comment, where it is part of the text but can still make the code
    /// around it read differently from how it compiles. An escape (<c>\u202E</c>) says the same without the risk.
    /// </summary>
    public const string BidiControlInLiteral = "SRPC2004";
}
