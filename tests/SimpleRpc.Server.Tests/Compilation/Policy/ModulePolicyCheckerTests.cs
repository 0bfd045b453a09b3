using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Compilation.Policy;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation.Policy;

/// <summary>
/// Modules that use a banned API or unsafe code, compiled by the real <see cref="ModuleCompiler"/>
/// with the default policy: each is refused with SRPC2001 or SRPC2002 at the offending line,
/// naming the symbol. The allowed uses are in ModulePolicyCheckerTests.Allowed.cs.
/// </summary>
[TestFixture]
public sealed partial class ModulePolicyCheckerTests
{
    // The first compile in a process pays Roslyn's JIT (see ModuleCompilerTests).
    private const int Timeout = 60_000;

    private const string Banned = ModuleDiagnosticIds.BannedApi;

    private const string Unsafe = ModuleDiagnosticIds.UnsafeCode;

    [TestCase("using System.IO;", "File.ReadAllText(\"a\");", "", 6, Banned, "'System.IO.File.ReadAllText(string)'")]
    [TestCase("", "using var s = new System.IO.FileStream(\"a\", System.IO.FileMode.Open);", "", 6, Banned, "'System.IO.FileStream.FileStream(string, System.IO.FileMode)'")]
    [TestCase("using System.IO;", "Directory.Delete(\"/\");", "", 6, Banned, "'System.IO.Directory.Delete(string)'")]
    [TestCase("", "System.Diagnostics.Process.Start(\"sh\");", "", 6, Banned, "'System.Diagnostics.Process.Start(string)'")]
    [TestCase("using System;", "Environment.Exit(1);", "", 6, Banned, "'System.Environment.Exit(int)' is not allowed in a module: ends the server process")]
    [TestCase("using System;", "Environment.FailFast(\"x\");", "", 6, Banned, "'System.Environment.FailFast(string?)'")]
    [TestCase("using static System.IO.File;", "ReadAllText(\"a\");", "", 6, Banned, "'System.IO.File.ReadAllText(string)'")]
    [TestCase("using IOFile = System.IO.File;", "IOFile.ReadAllText(\"a\");", "", 6, Banned, "'System.IO.File.ReadAllText(string)'")]
    [TestCase("", "var t = typeof(System.IO.File);", "", 6, Banned, "'System.IO.File'")]
    [TestCase("using System.Reflection.Emit;", "AssemblyBuilder.DefineDynamicAssembly(new System.Reflection.AssemblyName(\"x\"), AssemblyBuilderAccess.Run);", "", 6, Banned, "'System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly(")]
    [TestCase("using System.Reflection;", "typeof(M).GetMethod(\"G\", BindingFlags.NonPublic | BindingFlags.Static);", "", 6, Banned, "'System.Reflection.BindingFlags.NonPublic' is not allowed in a module: private reflection")]
    [TestCase("using System;", "Type.GetType(\"System.IO.File\");", "", 6, Banned, "'System.Type.GetType(string)'")]
    [TestCase("", "System.Runtime.InteropServices.Marshal.AllocHGlobal(16);", "", 6, Banned, "'System.Runtime.InteropServices.Marshal.AllocHGlobal(int)'")]
    [TestCase("using System.Runtime.InteropServices;", "", "[DllImport(\"libc\")] private static extern int getpid();", 9, Banned, "'System.Runtime.InteropServices.DllImportAttribute.DllImportAttribute(string)'")]
    [TestCase("", "new System.Threading.Thread(() => { }).Start();", "", 6, Banned, "'System.Threading.Thread.Thread(System.Threading.ThreadStart)'")]
    [TestCase("", "_ = System.Threading.Thread.CurrentThread.Name;", "", 6, Banned, "'System.Threading.Thread.CurrentThread'")]
    [TestCase("", "using var t = new System.Threading.Timer(_ => { }, null, 0, 1);", "", 6, Banned, "'System.Threading.Timer.Timer(")]
    [TestCase("", "System.Threading.ThreadPool.QueueUserWorkItem(_ => { });", "", 6, Banned, "'System.Threading.ThreadPool.QueueUserWorkItem(")]
    [TestCase("", "using var c = new System.Net.Http.HttpClient();", "", 6, Banned, "'System.Net.Http.HttpClient.HttpClient()'")]
    [TestCase("using System.Net.Sockets;", "using var s = new Socket(SocketType.Stream, ProtocolType.Tcp);", "", 6, Banned, "'System.Net.Sockets.Socket.Socket(System.Net.Sockets.SocketType, System.Net.Sockets.ProtocolType)'")]
    [TestCase("", "System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(\"/x\");", "", 6, Banned, "'System.Runtime.Loader.AssemblyLoadContext.Default'")]
    [TestCase("", "System.Reflection.Assembly.Load(\"System.Private.CoreLib\");", "", 6, Banned, "'System.Reflection.Assembly.Load(string)'")]
    [TestCase("using System;", "Activator.CreateInstance(\"asm\", \"type\");", "", 6, Banned, "'System.Activator.CreateInstance(string, string)'")]
    [TestCase("using System;", "Console.WriteLine(\"x\");", "", 6, Banned, "'System.Console.WriteLine(string?)'")]
    [TestCase("", "using var r = new System.IO.StreamReader(\"a.txt\");", "", 6, Banned, "'System.IO.StreamReader.StreamReader(string)' is not allowed in a module: file system access (a path)")]
    [TestCase("", "var a = System.Buffers.ArrayPool<byte>.Shared.Rent(1);", "", 6, Banned, "'System.Buffers.ArrayPool<T>.Shared'")]
    [TestCase("", "dynamic d = 1; d.Foo();", "", 6, Banned, "'dynamic' is not allowed in a module: late binding (dynamic)")]
    [TestCase("namespace SimpleRpc.Server.Hijack;", "", "", 1, Banned, "'SimpleRpc.Server.Hijack' is not allowed in a module: the server's own assemblies (SimpleRpc)")]
    [TestCase("using System;", "Func<string, string> read = System.IO.File.ReadAllText;", "", 6, Banned, "'System.IO.File.ReadAllText(string)'")]
    [TestCase("", "global::System.IO.File.Delete(\"a\");", "", 6, Banned, "'System.IO.File.Delete(string)'")]
    [TestCase("", "_ = new System.Collections.Generic.List<System.IO.FileInfo>();", "", 6, Banned, "'System.IO.FileInfo'")]
    [TestCase("", "", "private sealed class S : System.IO.FileStream { public S() : base(\"x\", default(System.IO.FileMode)) { } }", 9, Banned, "'System.IO.FileStream'")]
    [TestCase("", "_ = System.Environment.SpecialFolder.Desktop;", "", 6, Banned, "'System.Environment.SpecialFolder.Desktop'")]
    [TestCase("", "typeof(M).GetMethod(\"F\")!.Invoke(null, null);", "", 6, Banned, "'System.Reflection.MethodBase.Invoke(object?, object?[]?)'")]
    [TestCase("using System; using System.Linq.Expressions;", "Expression.Lambda<Func<int>>(Expression.Constant(1)).Compile();", "", 6, Banned, "'System.Linq.Expressions.Expression<TDelegate>.Compile()'")]
    [TestCase("", "", "[System.Runtime.CompilerServices.ModuleInitializer] internal static void Init() { }", 9, Banned, "'System.Runtime.CompilerServices.ModuleInitializerAttribute.ModuleInitializerAttribute()'")]
    [TestCase("", "System.AppContext.SetSwitch(\"x\", true);", "", 6, Banned, "'System.AppContext.SetSwitch(string, bool)'")]
    [TestCase("", "System.Threading.Tasks.TaskScheduler.UnobservedTaskException += (s, e) => { };", "", 6, Banned, "'System.Threading.Tasks.TaskScheduler.UnobservedTaskException'")]
    [TestCase("", "System.Globalization.CultureInfo.DefaultThreadCurrentCulture = null;", "", 6, Banned, "'System.Globalization.CultureInfo.DefaultThreadCurrentCulture'")]
    [TestCase("", "unsafe { }", "", 6, Unsafe, "'unsafe' is unsafe code")]
    [TestCase("", "", "public static void G(int* p) { }", 9, Unsafe, "'int*' is unsafe code")]
    [TestCase("", "", "public static unsafe int G(int x) => *&x;", 9, Unsafe, "'unsafe' is unsafe code")]
    [TestCase("", "", "private static void H(delegate*<void> f) { }", 9, Unsafe, "'delegate*<void>' is unsafe code")]
    [CancelAfter(Timeout)]
    public void Compile_BannedUse_RefusedNamingTheSymbolAtItsLine(string usings, string statement, string member, int line, string id, string expected)
    {
        var result = SampleModules.Compiler.Compile("m", Module(usings, statement, member), 1, "00");

        Assert.That(result.Success, Is.False);
        Assert.That(result.Assembly, Is.Null);
        var policy = result.Errors.Where(d => d.Id.StartsWith("SRPC2", StringComparison.Ordinal)).ToList();
        Assert.That(policy, Has.Some.Matches<CompileDiagnostic>(d => d.Id == id && d.Line == line && d.File == "m.cs" && d.Message.Contains(expected, StringComparison.Ordinal)), () => string.Join("\n", result.Diagnostics));
        Assert.That(policy.Select(d => (d.Line, d.Column)), Is.Unique, "one diagnostic per location");
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_FileReadAllText_FormatsLikeTheCSharpCompiler()
    {
        var result = SampleModules.Compiler.Compile("evil", Module("using System.IO;", "File.ReadAllText(\"a\").Trim();"), 1, "00");

        Assert.That(
            result.Diagnostics.Select(d => d.ToString()),
            Is.EqualTo(new[] { "evil.cs(6,9): error SRPC2001: 'System.IO.File.ReadAllText(string)' is not allowed in a module: file system access (System.IO)" }));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_SeveralBannedUses_OneDiagnosticEachInSourceOrder()
    {
        const string statement = "System.IO.File.Exists(\"a\"); var p = System.Diagnostics.Process.GetCurrentProcess(); var t = typeof(System.IO.FileInfo);";

        var result = SampleModules.Compiler.Compile("m", Module(string.Empty, statement), 1, "00");

        Assert.That(
            result.Errors.Select(d => (d.Id, d.Line, d.Column)),
            Is.EqualTo(new[] { (Banned, 6, 9), (Banned, 6, 45), (Banned, 6, 108) }));
        Assert.That(result.Errors.Select(d => d.Message.Split(' ')[0]), Is.EqualTo(new[]
        {
            "'System.IO.File.Exists(string?)'", "'System.Diagnostics.Process.GetCurrentProcess()'", "'System.IO.FileInfo'",
        }));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_UnsafeBlock_AlsoReportsTheCompilersOwnError()
    {
        var result = SampleModules.Compiler.Compile("m", Module(string.Empty, "unsafe { int x = 1; int* p = &x; }"), 1, "00");

        Assert.That(result.Errors.Select(d => d.Id), Is.EquivalentTo(new[] { "CS0227", Unsafe }));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_ExtensionMethodBannedByCustomPolicy_ReportsTheStaticMethod()
    {
        var compiler = new ModuleCompiler(CollectingSink.CreateLogger().Log, ModulePolicy.FromConfig(["M:System.Linq.Enumerable.Where;no filtering"]));

        var result = compiler.Compile("m", Module("using System.Linq;", "_ = new[] { 1 }.Where(v => v > 0).Count();"), 1, "00");

        var error = result.Errors.Single();
        Assert.That((error.Id, error.Line, error.Column), Is.EqualTo((Banned, 6, 13)));
        Assert.That(error.Message, Does.StartWith("'System.Linq.Enumerable.Where<TSource>(System.Collections.Generic.IEnumerable<TSource>, System.Func<TSource, bool>)' is not allowed in a module: no filtering"));
    }

    /// <summary>A module whose line 1 is <paramref name="usings"/>, line 6 <paramref name="statement"/> (column 9) and line 9 <paramref name="member"/>.</summary>
    internal static string Module(string usings, string statement, string member = "") => string.Join('\n',
        usings,
        "public static class M",
        "{",
        "    public static int F()",
        "    {",
        "        " + statement,
        "        return 0;",
        "    }",
        "    " + member,
        "}",
        string.Empty);
}
