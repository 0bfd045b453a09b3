using SimpleRpc.Server.Compilation;

namespace SimpleRpc.Server.Tests.Support;

/// <summary>Module sources and compiles the compilation tests share.</summary>
internal static class SampleModules
{
    /// <summary>The path of the sample module z in the repository.</summary>
    public static string ZPath => Repository.PathOf("Modules/z.cs");

    /// <summary>The source of Modules/z.cs.</summary>
    public static string ZSource => File.ReadAllText(ZPath);

    /// <summary>One compiler shared by the tests: it is thread-safe and keeps no state.</summary>
    public static ModuleCompiler Compiler { get; } = new(CollectingSink.CreateLogger().Log);

    /// <summary>Compiles Modules/z.cs as version 1 with its real checksum, and asserts it succeeded.</summary>
    public static CompileResult CompileZ()
    {
        var result = Compiler.Compile("z", ZSource, 1, Repository.Sha256Of(ZPath));
        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        return result;
    }
}
