using System.Runtime.CompilerServices;
using SimpleRpc.Protocol;
using SimpleRpc.Server.Compilation.Policy;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Modules;

/// <summary>
/// A replaced module's load context must unload, also after its own types went through the
/// real serialization path in both directions and after it threw (measured: a
/// Newtonsoft contract for a module type pins the context for ever).
/// </summary>
[TestFixture]
[NonParallelizable]
[CancelAfter(240_000)]
public class ModuleUnloadTests
{
    private const string Shapes = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        public enum Color { Red = 1, Green = 2 }
        public sealed record Point(int X, int Y);
        public class Rect
        {
            public Point TopLeft { get; set; } = new(0, 0);
            public Point BottomRight { get; set; } = new(0, 0);
            public Color Color { get; set; }
            public List<Point> Corners { get; set; } = new();
            public Dictionary<string, Point> Named { get; set; } = new();
        }

        public static class Geo
        {
            public static int Version() => VERSION;
            public static Point Scale(Point p, int k) => new(p.X * k, p.Y * k);
            public static Rect Bounds(List<Point> points, Color color) => new()
            {
                TopLeft = new(points.Min(p => p.X), points.Min(p => p.Y)),
                BottomRight = new(points.Max(p => p.X), points.Max(p => p.Y)),
                Color = color,
                Corners = points,
                Named = points.ToDictionary(p => $"{p.X},{p.Y}"),
            };
            public static Point[] Mirror(Point[] points) => points.Select(p => new Point(-p.X, -p.Y)).ToArray();
            public static Point? Maybe(Point? p) => p;
            public static async Task<Point> Later(Point p, int delayMs, CancellationToken ct) { await Task.Delay(delayMs, ct); return p with { X = p.X + VERSION }; }
            public static async Task<Point> Held(Point p, CancellationToken ct) { await ((TaskCompletionSource<bool>)AppContext.GetData("geo.release")!).Task.WaitAsync(ct); return p with { X = p.X + VERSION }; }
            public static void Boom(Point p) => throw new ArgumentException($"bad point {p}");
        }
        """;

    // geo.Held reads its gate from AppContext, which the default policy refuses: these tests allow it.
    private static ModuleHost NewHost() => new(ModulePolicy.FromConfig(["@default", "!M:System.AppContext.GetData(System.String)"]));

    private static string Source(int version) => Shapes.Replace("VERSION", version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Test]
    public async Task Replace_AfterDataTypesBothWaysAndThrow_OldContextUnloads(CancellationToken cancellationToken)
    {
        var host = NewHost();
        var oldContext = await RegisterAndExerciseAsync(host, cancellationToken);
        await RegisterAsync(host, 2);

        Assert.That(await CollectUntilDeadAsync(oldContext), Is.True, "the replaced version's load context is still alive");
        Assert.That(await CallAsync(host, "geo.Version", "[]"), Is.EqualTo("2"));
    }

    [Test]
    public async Task Replace_CallInFlight_FinishesOnOldVersionThenUnloads(CancellationToken cancellationToken)
    {
        // The call in flight waits for the test's signal (a gate the module reads from AppContext,
        // which only this test's policy allows), so the window cannot close before the checks.
        var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        AppContext.SetData("geo.release", release);
        var host = NewHost();
        await RegisterAsync(host, 1);
        var (heldCall, oldContext) = StartHeldCall(host, cancellationToken);
        await WaitUntilAsync(() => host.Registry.Find("geo")!.ActiveCalls == 1, cancellationToken);

        await RegisterAsync(host, 2);
        Assert.That(await CallAsync(host, "geo.Version", "[]"), Is.EqualTo("2"), "new calls go to the new version");
        Assert.That(await CollectUntilDeadAsync(oldContext), Is.False, "the old version must live (collected and still alive) while its call runs");
        Assert.That(heldCall.IsCompleted, Is.False, "the call in flight waits for the test's signal");

        release.SetResult(true);
        var reply = await heldCall;
        AppContext.SetData("geo.release", null);
        Assert.That(reply.ResultJson, Is.EqualTo("{\"x\":11,\"y\":2}"), "the call in flight finished on version 1");
        Assert.That(host.Log.Events.Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)), Has.Some.EqualTo("Unloaded \"geo\" v1"));
        Assert.That(await CollectUntilDeadAsync(oldContext), Is.True, "the old version unloads after its last call");
    }

    [Test]
    public async Task Register_SameModule200Times_LoadedAssemblyCountStaysFlat(CancellationToken cancellationToken)
    {
        var host = NewHost();
        for (var i = 1; i <= 10; i++)
        {
            await RegisterAndCallAsync(host, i);
        }

        var before = CountAssembliesAfterGc();
        for (var i = 11; i <= 200; i++)
        {
            await RegisterAndCallAsync(host, i);
        }

        var after = CountAssembliesAfterGc();
        Assert.That(after - before, Is.LessThanOrEqualTo(2), $"{before} assemblies after 10 versions, {after} after 200");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> RegisterAndExerciseAsync(ModuleHost host, CancellationToken cancellationToken)
    {
        await RegisterAsync(host, 1);
        Assert.That(await CallAsync(host, "geo.Scale", "[{\"x\":1,\"y\":2},3]"), Is.EqualTo("{\"x\":3,\"y\":6}"));
        Assert.That(
            await CallAsync(host, "geo.Bounds", "{\"points\":[{\"x\":1,\"y\":5},{\"X\":4,\"Y\":-2}],\"color\":2}"),
            Is.EqualTo("{\"topLeft\":{\"x\":1,\"y\":-2},\"bottomRight\":{\"x\":4,\"y\":5},\"color\":2,\"corners\":[{\"x\":1,\"y\":5},{\"x\":4,\"y\":-2}],\"named\":{\"1,5\":{\"x\":1,\"y\":5},\"4,-2\":{\"x\":4,\"y\":-2}}}"));
        Assert.That(await CallAsync(host, "geo.Mirror", "[[{\"x\":1,\"y\":1}]]"), Is.EqualTo("[{\"x\":-1,\"y\":-1}]"));
        Assert.That(await CallAsync(host, "geo.Maybe", "[null]"), Is.EqualTo("null"));
        Assert.That(await CallAsync(host, "geo.Later", "[{\"x\":1,\"y\":1},1]"), Is.EqualTo("{\"x\":2,\"y\":1}"));
        var thrown = await host.Dispatcher.DispatchAsync(JsonRpcMessage.Request(RpcId.From(1), "geo.Boom", "[{\"x\":0,\"y\":0}]"), "test", cancellationToken);
        Assert.That(thrown.Error!.Code, Is.EqualTo(RpcErrorCodes.ModuleThrew));
        Assert.That(thrown.Error.DataJson, Does.Contain("System.ArgumentException").And.Contains("geo.cs:line"));
        return host.Registry.Find("geo")!.ContextReference();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Task<JsonRpcMessage> Call, WeakReference Context) StartHeldCall(ModuleHost host, CancellationToken cancellationToken) =>
        (host.Dispatcher.DispatchAsync(JsonRpcMessage.Request(RpcId.From(1), "geo.Held", "[{\"x\":10,\"y\":2}]"), "test", cancellationToken),
         host.Registry.Find("geo")!.ContextReference());

    private static async Task RegisterAndCallAsync(ModuleHost host, int version)
    {
        await RegisterAsync(host, version);
        Assert.That(await CallAsync(host, "geo.Scale", "[{\"x\":1,\"y\":1},2]"), Is.EqualTo("{\"x\":2,\"y\":2}"));
    }

    private static async Task RegisterAsync(ModuleHost host, int version)
    {
        var outcome = await host.Registry.RegisterAsync("geo", Source(version), "checksum" + version, "test", CancellationToken.None);
        Assert.That(outcome.Success, Is.True, string.Join("\n", outcome.Diagnostics));
    }

    private static async Task<string?> CallAsync(ModuleHost host, string method, string paramsJson)
    {
        var reply = await host.Dispatcher.DispatchAsync(JsonRpcMessage.Request(RpcId.From(1), method, paramsJson), "test", CancellationToken.None);
        Assert.That(reply.Error, Is.Null, () => reply.Error!.Message);
        return reply.ResultJson;
    }

    // Runs on a pool thread: the awaited call's continuation may run inline on the thread that
    // completed it, whose stack still holds the module's own (finished) frames below us.
    private static Task<bool> CollectUntilDeadAsync(WeakReference reference) => Task.Run(() => CollectUntilDead(reference));

    private static bool CollectUntilDead(WeakReference reference)
    {
        for (var i = 0; i < 20 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return !reference.IsAlive;
    }

    private static int CountAssembliesAfterGc()
    {
        for (var i = 0; i < 10; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return AppDomain.CurrentDomain.GetAssemblies().Length;
    }

    // Waits for a condition the code under test makes true, with a timeout; no fixed sleep.
    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out waiting for the call to start");
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
