using System.Diagnostics;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// A new app outside the solution names its proxy folder with one property and builds; a
/// rebuild with unchanged proxies compiles nothing, and a changed proxy is picked up.
/// </summary>
[TestFixture]
[NonParallelizable]
public class MsBuildTests
{
    [Test]
    [CancelAfter(600_000)]
    public async Task Build_AppNamingItsProxyFolder_IncrementalAndPicksUpChanges(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("simplerpc-app-").FullName;
        try
        {
            var repo = Cluster.RepoRoot;
            var proxies = Directory.CreateDirectory(Path.Combine(root, "synced-proxies")).FullName;
            File.Copy(Path.Combine(repo, "TestApp", "Proxies", "z.cs"), Path.Combine(proxies, "z.cs"));
            var app = Directory.CreateDirectory(Path.Combine(root, "app")).FullName;
            await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Import Project="{repo}/build/SimpleRpc.Proxies.props" />
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <SimpleRpcProxyDir>../synced-proxies</SimpleRpcProxyDir>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{repo}/Shared/Shared.csproj" />
                    <ProjectReference Include="{repo}/Proxy.Generator/Proxy.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  </ItemGroup>
                  <Import Project="{repo}/build/SimpleRpc.Proxies.targets" />
                </Project>
                """, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), "Console.WriteLine(SimpleRpc.Proxies.Z.Add(1, 2));\n", cancellationToken);
            var dll = Path.Combine(app, "bin", BuildInfoConfiguration, "net10.0", "App.dll");

            await BuildAsync(app, cancellationToken);
            var first = File.GetLastWriteTimeUtc(dll);
            await BuildAsync(app, cancellationToken);
            Assert.That(File.GetLastWriteTimeUtc(dll), Is.EqualTo(first), "unchanged proxies: nothing is compiled again");

            var z = Path.Combine(proxies, "z.cs");
            await File.WriteAllTextAsync(z, (await File.ReadAllTextAsync(z, cancellationToken)).Replace("    public static partial int Add(int a, int b);", "    public static partial int Add(int a, int b);\n    public static partial int Extra(int x);", StringComparison.Ordinal), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), "Console.WriteLine(SimpleRpc.Proxies.Z.Extra(1));\n", cancellationToken);
            await BuildAsync(app, cancellationToken);
            Assert.That(File.GetLastWriteTimeUtc(dll), Is.GreaterThan(first), "a changed proxy is compiled, with its generated body");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string BuildInfoConfiguration => SimpleRpc.Walkthrough.BuildInfo.Configuration;

    private static async Task BuildAsync(string project, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = project };
        foreach (var arg in new[] { "build", "-c", BuildInfoConfiguration, "--nologo", "-v", "quiet", "-nodeReuse:false" })
        {
            info.ArgumentList.Add(arg);
        }

        // The parent `dotnet test` exports MSBuild variables; a child build must not inherit them.
        foreach (var variable in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
        {
            info.Environment.Remove(variable);
        }

        using var build = Process.Start(info)!;
        var output = build.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = build.StandardError.ReadToEndAsync(cancellationToken);
        await build.WaitForExitAsync(cancellationToken);
        Assert.That(build.ExitCode, Is.Zero, await output + await errors);
    }
}
