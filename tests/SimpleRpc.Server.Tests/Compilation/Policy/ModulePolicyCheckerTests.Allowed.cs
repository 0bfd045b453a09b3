using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Compilation.Policy;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation.Policy;

/// <summary>What modules legitimately use compiles under the default policy, as do the sample and warm-up modules.</summary>
public sealed partial class ModulePolicyCheckerTests
{
    [TestCase("var s = new System.IO.MemoryStream(); s.WriteByte(1); _ = s.ToArray();")]
    [TestCase("var w = new System.IO.StringWriter(); w.Write(1); _ = w.ToString();")]
    [TestCase("using var r = new System.IO.StreamReader(new System.IO.MemoryStream(new byte[] { 65 })); _ = r.ReadToEnd();")]
    [TestCase("using var b = new System.IO.BinaryWriter(new System.IO.MemoryStream()); b.Write(1);")]
    [TestCase("_ = new System.IO.InvalidDataException(\"bad\").Message;")]
    [TestCase("System.Threading.Tasks.Task.Delay(1, System.Threading.CancellationToken.None).Wait();")]
    [TestCase("using var cts = new System.Threading.CancellationTokenSource(); cts.Token.ThrowIfCancellationRequested();")]
    [TestCase("int x = 0; System.Threading.Interlocked.Increment(ref x); _ = System.Threading.Volatile.Read(ref x);")]
    [TestCase("using var gate = new System.Threading.SemaphoreSlim(1); _ = gate.Wait(0);")]
    [TestCase("_ = System.Threading.Tasks.Task.Run(() => 1).Result;")]
    [TestCase("System.Threading.Thread.Sleep(1);")]
    [TestCase("_ = new[] { 3, 1, 2 }.OrderBy(v => v).Select(v => v * 2).Where(v => v > 2).ToList();")]
    [TestCase("_ = nameof(System.IO.File) + nameof(System.Environment.Exit);")]
    [TestCase("_ = new Random(42).Next();")]
    [TestCase("_ = System.Diagnostics.Stopwatch.StartNew().ElapsedMilliseconds;")]
    [TestCase("var o = Environment.NewLine + Environment.ProcessorCount + Environment.TickCount64; GC.KeepAlive(o);")]
    [TestCase("_ = typeof(string).GetMethods().Length + typeof(M).Name.Length;")]
    [TestCase("_ = System.Text.RegularExpressions.Regex.IsMatch(\"a\", \"a\") ? string.Format(\"{0:N2}\", 1.5) : \"\";")]
    [TestCase("_ = System.Text.Json.JsonSerializer.Serialize(new { A = 1 });")]
    [TestCase("_ = System.Net.IPAddress.Parse(\"127.0.0.1\").AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;")]
    [TestCase("Span<int> s = stackalloc int[4]; s[0] = 1;")]
    [TestCase("var list = new List<(string Name, int Count)> { (\"a\", 1) }; _ = list.ToDictionary(p => p.Name, p => p.Count);")]
    [TestCase("try { throw new InvalidOperationException(\"x\"); } catch (System.IO.IOException) { } catch (InvalidOperationException) { }")]
    [CancelAfter(Timeout)]
    public void Compile_AllowedUse_Succeeds(string statement)
    {
        const string usings = "using System; using System.Collections.Generic; using System.Linq;";
        var result = SampleModules.Compiler.Compile("m", Module(usings, statement), 1, "00");

        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_EverySampleModule_PassesTheDefaultPolicy()
    {
        var modules = Directory.GetFiles(Repository.PathOf("Modules"), "*.cs");

        Assert.That(modules.Select(Path.GetFileNameWithoutExtension), Is.SupersetOf(new[] { "z", "geometry", "text", "inventory", "stats" }));
        foreach (var path in modules)
        {
            var result = SampleModules.Compiler.Compile(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path), 1, "00");

            Assert.That(result.Success, Is.True, () => path + "\n" + string.Join("\n", result.Diagnostics));
        }
    }

    [Test, CancelAfter(Timeout)]
    public void Warm_DefaultPolicy_CompilesTheWarmUpModule()
    {
        var compiler = new ModuleCompiler(CollectingSink.CreateLogger().Log, ModulePolicy.Default);

        Assert.That(compiler.Warm, Throws.Nothing);
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_EmptyPolicy_AllowsWhatTheDefaultBans()
    {
        var compiler = new ModuleCompiler(CollectingSink.CreateLogger().Log, ModulePolicy.FromConfig([]));

        var result = compiler.Compile("m", Module("using System.IO;", "_ = File.Exists(\"a\");"), 1, "00");

        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
    }
}
