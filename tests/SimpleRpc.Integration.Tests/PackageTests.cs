using System.Diagnostics;
using System.IO.Compression;
using SimpleRpc.Integration.Tests.Support;
using SimpleRpc.Walkthrough;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// `dotnet pack` gives the runtime, generator, tool and template packages: packed once into a local folder
/// with a version no cache has seen, an app outside the solution that references only them builds
/// against a running stub's proxies and calls a module, and the tools install and run.
/// </summary>
[TestFixture]
[NonParallelizable]
public partial class PackageTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);
    private string _root = null!;
    private string _feed = null!;
    private string _version = null!;
    private string _packOutput = string.Empty;

    [OneTimeSetUp]
    public async Task PackIntoLocalFolder()
    {
        _root = Directory.CreateTempSubdirectory("simplerpc-pack-").FullName;
        _feed = Path.Combine(_root, "feed");

        // A unique version, and (below) a packages folder of our own: a stale package in a cache can
        // never stand in for the one just packed. --no-build packs what the test build compiled.
        _version = "0.1.0-test." + Guid.NewGuid().ToString("N");
        using var timeout = new CancellationTokenSource(CommandTimeout);
        _packOutput = await DotnetAsync(Cluster.RepoRoot, timeout.Token, "pack", "SimpleRpc.sln", "--no-build", "-c", BuildInfo.Configuration, "-o", _feed, "-p:PackageVersion=" + _version, "-nodeReuse:false");
        await File.WriteAllTextAsync(Path.Combine(_root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(_root, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="local" value="{_feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """, timeout.Token);
    }

    [OneTimeTearDown]
    public void DeleteFolders()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public void Pack_Solution_GivesFivePackagesWithoutWarnings()
    {
        var packages = Directory.GetFiles(_feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.That(packages, Is.EqualTo(new[] { "SimpleRpc", "SimpleRpc.ClientStub", "SimpleRpc.Proxy.Generator", "SimpleRpc.Server", "SimpleRpc.Templates" }.Select(id => $"{id}.{_version}.nupkg")), "tests, TestApp, tools and bench are not packed");
        Assert.That(_packOutput, Does.Not.Contain("warning"), "packing warns about nothing");
    }

    [Test]
    [CancelAfter(60_000)]
    public void Pack_Runtime_HasLibraryAndProxyFolderBuildFiles()
    {
        using var package = OpenPackage("SimpleRpc");
        Assert.That(Entries(package), Is.SupersetOf(new[]
        {
            "lib/net10.0/SimpleRpc.Shared.dll", "README.md",
            "build/SimpleRpc.props", "build/SimpleRpc.targets", "buildTransitive/SimpleRpc.props", "buildTransitive/SimpleRpc.targets",
        }));
        Assert.That(Nuspec(package), Does.Contain("<license type=\"expression\">MIT</license>").And.Contain("<readme>README.md</readme>").And.Contain("id=\"Newtonsoft.Json\""));
        Assert.That(Nuspec(package), Does.Contain("id=\"Microsoft.Extensions.Logging.Abstractions\"").And.Not.Contain("Serilog"), "apps log through the abstractions, never forced onto Serilog");
        Assert.That(Entries(package).Where(e => e.EndsWith(".dll", StringComparison.Ordinal)), Is.EqualTo(new[] { "lib/net10.0/SimpleRpc.Shared.dll" }), "no console, hosting or scripting library ships to apps");
    }

    [TestCase("SimpleRpc.Server")]
    [TestCase("SimpleRpc.ClientStub")]
    [CancelAfter(60_000)]
    public void Pack_Tool_CarriesTheProgramsSharedLibraries(string packageId)
    {
        using var package = OpenPackage(packageId);
        Assert.That(Entries(package).Select(Path.GetFileName), Is.SupersetOf(new[] { "SimpleRpc.Shared.dll", "SimpleRpc.Hosting.dll", "SimpleRpc.ConsoleScripting.dll", "Serilog.Extensions.Logging.dll" }));
    }

    [Test]
    [CancelAfter(60_000)]
    public void Pack_Generator_IsAnAnalyzerThatDependsOnTheRuntime()
    {
        using var package = OpenPackage("SimpleRpc.Proxy.Generator");
        var entries = Entries(package);
        Assert.That(entries, Does.Contain("analyzers/dotnet/cs/SimpleRpc.Proxy.Generator.dll"));
        Assert.That(entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)), Is.Empty, "an analyzer is not a library the app links");
        Assert.That(Nuspec(package), Does.Contain($"<dependency id=\"SimpleRpc\" version=\"{_version}\" />").And.Contain("<readme>README.md</readme>"));
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task AppFromPackages_BuiltAgainstRunningStub_CallsModule(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        var stub = await cluster.StartStubAsync("alpha");
        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        await stub.Process.WaitForLineAsync(@"Proxy z v\d+ written", Cluster.StepTimeout);

        // Only the generator package: it brings the runtime, whose buildTransitive files compile the
        // stub's proxy folder, named by one property.
        var app = Directory.CreateDirectory(Path.Combine(_root, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <SimpleRpcProxyDir>{stub.ProxyDir}</SimpleRpcProxyDir>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SimpleRpc.Proxy.Generator" Version="{_version}" />
              </ItemGroup>
            </Project>
            """, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), "SimpleRpc.Client.RpcClient.ConfigureDefault(args[0]);\nConsole.WriteLine($\"Add = {SimpleRpc.Proxies.Z.Add(1, 2)}\");\n", cancellationToken);

        await DotnetAsync(app, cancellationToken, "build", "--nologo", "-v", "quiet", "-nodeReuse:false");
        var output = await DotnetAsync(app, cancellationToken, Path.Combine(app, "bin", "Debug", "net10.0", "App.dll"), stub.AppEndpoint);
        Assert.That(output, Does.Contain("Add = 3"));
        Assert.That(Path.Combine(_root, "packages", "simplerpc", _version), Does.Exist, "the packages came from the local folder into the test's own packages folder");
    }

    [TestCase("SimpleRpc.Server", "simplerpc-server")]
    [TestCase("SimpleRpc.ClientStub", "simplerpc-stub")]
    [CancelAfter(180_000)]
    public async Task ToolPackage_Installed_HelpExitsZero(string packageId, string command, CancellationToken cancellationToken)
    {
        var tools = Path.Combine(_root, "tools");
        await DotnetAsync(_root, cancellationToken, "tool", "install", "--tool-path", tools, "--add-source", _feed, packageId, "--version", _version);
        var output = await RunAsync(Path.Combine(tools, command), _root, ["--help"], cancellationToken);
        Assert.That(output, Does.Contain("Usage:"));
    }

    private ZipArchive OpenPackage(string id) => ZipFile.OpenRead(Path.Combine(_feed, $"{id}.{_version}.nupkg"));

    private static List<string> Entries(ZipArchive package) => [.. package.Entries.Select(e => e.FullName)];

    private static string Nuspec(ZipArchive package)
    {
        using var reader = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        return reader.ReadToEnd();
    }

    private Task<string> DotnetAsync(string workingDirectory, CancellationToken cancellationToken, params string[] args) =>
        RunAsync("dotnet", workingDirectory, args, cancellationToken);

    /// <summary>Runs a program to its end and returns what it printed; fails the test on a non-zero exit.</summary>
    private async Task<string> RunAsync(string program, string workingDirectory, IEnumerable<string> args, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The parent `dotnet test` exports MSBuild variables; a child build must not inherit them.
        foreach (var variable in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["NUGET_PACKAGES"] = Path.Combine(_root, "packages");
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var all = await output + await errors;
            Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', info.ArgumentList)}\n{all}");
            return all;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
