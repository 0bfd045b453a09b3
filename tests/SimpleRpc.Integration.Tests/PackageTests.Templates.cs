using System.Text.RegularExpressions;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

// The template pack, the way docs/getting-started.md uses it: packages in a folder beside the
// app, the doc's nuget.config, `dotnet new` into a hive of the test's own (the user's templates
// are untouched), a module from simplerpc-module registered at a real stub, an app from
// simplerpc-app built against that stub's proxy folder and run.
public partial class PackageTests
{
    [Test]
    [CancelAfter(360_000)]
    public async Task Templates_ModuleAndAppFromTheDocs_AppCallsTheRegisteredModule(CancellationToken cancellationToken)
    {
        // A folder outside the fixture's (whose nuget.config lists the feed): only the doc's
        // nuget.config tells NuGet where the packages are, as beside any clone.
        var hello = Directory.CreateTempSubdirectory("simplerpc-hello-").FullName;
        try
        {
            var packages = Directory.CreateDirectory(Path.Combine(hello, "packages")).FullName;
            foreach (var package in Directory.GetFiles(_feed, "*.nupkg"))
            {
                File.Copy(package, Path.Combine(packages, Path.GetFileName(package)));
            }

            await File.WriteAllTextAsync(Path.Combine(hello, "nuget.config"), await DocBlockAsync("xml", "<configuration>", cancellationToken), cancellationToken);
            await DotnetNewAsync(hello, cancellationToken, "install", Path.Combine(packages, $"SimpleRpc.Templates.{_version}.nupkg"));
            await DotnetNewAsync(hello, cancellationToken, "simplerpc-module", "-n", "hello");
            Assert.That(Directory.GetFiles(hello, "*.cs").Select(Path.GetFileName), Is.EqualTo(new[] { "hello.cs" }), "an item template: one file, named by -n");

            await using var cluster = await Cluster.StartAsync();
            var stub = await cluster.StartStubAsync("alpha");
            Assert.That(await stub.RegisterAsync(Path.Combine(hello, "hello.cs")), Does.StartWith("Registered hello v1"), "the module template passes the server's compile, policy and export rules");
            await stub.Process.WaitForLineAsync(@"Proxy hello v\d+ written", Cluster.StepTimeout);

            await DotnetNewAsync(hello, cancellationToken, "simplerpc-app", "-o", "app", "--proxy-dir", stub.ProxyDir);
            var app = Path.Combine(hello, "app");
            var project = await File.ReadAllTextAsync(Path.Combine(app, "app.csproj"), cancellationToken);
            Assert.That(project, Does.Contain($"<PackageReference Include=\"SimpleRpc.Proxy.Generator\" Version=\"{_version}\" />").And.Contain($"<SimpleRpcProxyDir>{stub.ProxyDir}</SimpleRpcProxyDir>"));
            Assert.That(project, Does.Not.Contain("ProjectReference").And.Not.Contain("<Import"), "one package reference and the proxy folder, nothing else");
            var documented = (await DocBlockAsync("xml", "<Project Sdk", cancellationToken)).Replace("/…/SimpleRpc/proxies/alpha", stub.ProxyDir, StringComparison.Ordinal).Replace("Version=\"0.1.0\"", $"Version=\"{_version}\"", StringComparison.Ordinal);
            Assert.That(project.ReplaceLineEndings("\n"), Is.EqualTo(documented), "docs/getting-started.md shows the project the template makes");

            await DotnetAsync(app, cancellationToken, "build", "--nologo", "-v", "quiet", "-nodeReuse:false");
            var output = await DotnetAsync(app, cancellationToken, Path.Combine(app, "bin", "Debug", "net10.0", "app.dll"), stub.AppEndpoint);
            Assert.That(output.ReplaceLineEndings("\n"), Does.Contain("Hello, world!\nHello, again!\n"));
        }
        finally
        {
            Directory.Delete(hello, recursive: true);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public void Pack_Templates_IsATemplatePackStampedWithItsVersion()
    {
        using var package = OpenPackage("SimpleRpc.Templates");
        Assert.That(Entries(package), Is.SupersetOf(new[]
        {
            "content/app/.template.config/template.json", "content/app/.template.config/dotnetcli.host.json", "content/app/SimpleRpcApp.csproj", "content/app/Program.cs",
            "content/module/.template.config/template.json", "content/module/mymodule.cs",
        }));
        Assert.That(Entries(package).Where(e => e.StartsWith("lib/", StringComparison.Ordinal)), Is.Empty);
        Assert.That(Nuspec(package), Does.Contain("<packageType name=\"Template\" />").And.Not.Contain("<dependencies>"));
        using var reader = new StreamReader(package.GetEntry("content/app/.template.config/template.json")!.Open());
        Assert.That(reader.ReadToEnd(), Does.Contain($"\"value\": \"{_version}\""), "the app references the generator of the same build");
    }

    /// <summary>Runs <c>dotnet new</c> in a template hive and CLI home of the fixture's own.</summary>
    private Task<string> DotnetNewAsync(string workingDirectory, CancellationToken cancellationToken, params string[] args) =>
        RunAsync(
            "dotnet",
            workingDirectory,
            ["new", .. args, "--debug:custom-hive", Path.Combine(_root, "template-hive")],
            cancellationToken,
            new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = Path.Combine(_root, "cli-home") });

    /// <summary>The first fenced block of docs/getting-started.md in <paramref name="language"/> that contains <paramref name="marker"/>.</summary>
    private static async Task<string> DocBlockAsync(string language, string marker, CancellationToken cancellationToken)
    {
        var doc = await File.ReadAllTextAsync(Path.Combine(Cluster.RepoRoot, "docs", "getting-started.md"), cancellationToken);
        var block = Regex.Matches(doc, "```" + language + "\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).FirstOrDefault(b => b.Contains(marker, StringComparison.Ordinal));
        Assert.That(block, Is.Not.Null, $"docs/getting-started.md has a {language} block with {marker}");
        return block!;
    }
}
