namespace SimpleRpc.Server.Compilation;

/// <summary>One function a module exports, as the compiler saw it.</summary>
/// <param name="Name">The function's name, which is the method's name.</param>
/// <param name="TypeName">The metadata full name of the declaring class (<c>Samples.Z</c>), for
/// <see cref="System.Reflection.Assembly.GetType(string)"/> on the loaded module.</param>
/// <param name="ParameterTypes">The parameter types as C# display strings, fully qualified without
/// <c>global::</c>, nullable annotations kept (<c>int</c>, <c>string?</c>,
/// <c>System.Threading.CancellationToken</c>).</param>
/// <param name="ReturnType">The return type, in the same form as <paramref name="ParameterTypes"/>.</param>
public sealed record ModuleFunctionInfo(
    string Name,
    string TypeName,
    IReadOnlyList<string> ParameterTypes,
    string ReturnType);
