#:project ../Server/Server.csproj
#:property OutputType=Exe
#:property PublishAot=false

// What the commit of an upload spends in the compiler, apart from the bytes: the server's own
// ModuleCompiler (the one its compile process runs) compiling bench/upload.py's module (100
// one-line functions and ~900 KB of comment lines) and the same 100 functions without the
// comments, each as a new version against the previous one (a publish: the serving version is
// compiled again for its surface). A fresh process, warmed as the compile process is, then as
// many compiles as the compile process does before it is recycled (compileRecycleAfter, 50).
// Run it by hand:
//   dotnet run -c Release bench/compile_cost.cs            (50 compiles of each, ~40 s with the build)
//   dotnet run -c Release bench/compile_cost.cs -- 200     (compiles of each)
// It prints the median and the 10th-percentile ms per compile of both modules over the last half
// of the compiles; bench/README.md ("Upload") says what that means for the upload's end to end.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using SimpleRpc.Server.Compilation;

var compiles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var functions = new StringBuilder("using System;\n\npublic static class Big\n{\n");
for (var i = 0; i < 100; i++)
{
    functions.Append(CultureInfo.InvariantCulture, $"    public static int F{i:000}(int a) => a + {i};\n");
}

functions.Append("}\n");
var small = functions.ToString();
var filler = "// " + new string('x', 96) + "\n";
var big = small + string.Concat(Enumerable.Repeat(filler, (921_533 - small.Length) / filler.Length));

var compiler = new ModuleCompiler(Serilog.Core.Logger.None);
compiler.Warm();
var times = new Dictionary<string, List<double>> { ["900 KB"] = [], ["4 KB"] = [] };
for (var version = 1; version <= compiles; version++)
{
    foreach (var (label, body) in new[] { ("900 KB", big), ("4 KB", small) })
    {
        var baseline = version == 1 ? null : new ModuleBaseline(version - 1, Versioned(body, version - 1));
        var started = Stopwatch.GetTimestamp();
        var result = compiler.CompileAgainst("big", Versioned(body, version), version, "checksum", baseline);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!result.Success)
        {
            Console.Error.WriteLine($"{label} v{version} did not compile: {string.Join("; ", result.Diagnostics)}");
            return 1;
        }

        times[label].Add(ms);
    }
}

foreach (var (label, list) in times)
{
    var late = list.Skip(list.Count / 2).Order().ToArray();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: compiles {late.Length} (of {list.Count}, the later half): median {late[late.Length / 2]:0.0} ms, p10 {late[late.Length / 10]:0.0} ms; first {list[0]:0.0} ms"));
}

return 0;

// Each version differs in its last line, as upload.py's do.
static string Versioned(string body, int version) => body + "// v" + version.ToString(CultureInfo.InvariantCulture) + "\n";
