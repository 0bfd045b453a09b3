using SimpleRpc.Protocol;
using SimpleRpc.Serialization;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Serialization;

/// <summary>
/// Values of a module's own types go app → server → app through the real path (RpcJson on the
/// app side, ModuleValueSerializer and the dispatcher on the server) and come back equal.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public class ModuleValueSerializerTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;

        public enum Color { Red = 1, Green = 2, Blue = 4 }
        public sealed record Inner(string Name, double Weight);
        public sealed class Sample
        {
            public DateTime Local { get; set; }
            public DateTime Utc { get; set; }
            public DateTime Unspecified { get; set; }
            public DateTimeOffset Offset { get; set; }
            public Guid Id { get; set; }
            public decimal Money { get; set; }
            public long Big { get; set; }
            public int? Maybe { get; set; }
            public int? Nothing { get; set; }
            public string? NoText { get; set; }
            public List<int> Numbers { get; set; } = new();
            public Dictionary<string, decimal> Prices { get; set; } = new();
            public Color Color { get; set; }
            public Inner[] Inners { get; set; } = [];
            public List<Inner> InnerList { get; set; } = new();
            public Dictionary<string, Inner> InnerMap { get; set; } = new();
            public int Field;
        }

        public static class Echo
        {
            public static Sample Same(Sample sample) => sample;
            public static decimal Money(decimal value) => value;
            public static decimal[] Moneys(List<decimal> values) => values.ToArray();
        }
        """;

    private ModuleHost _host = null!;

    [OneTimeSetUp]
    public async Task RegisterEcho()
    {
        _host = new ModuleHost();
        var outcome = await _host.Registry.RegisterAsync("echo", Source, "00", "test", CancellationToken.None);
        Assert.That(outcome.Success, Is.True, string.Join("\n", outcome.Diagnostics));
    }

    private async Task<T> RoundTripAsync<T>(string method, params object?[] args)
    {
        var reply = await _host.Dispatcher.DispatchAsync(JsonRpcMessage.Request(RpcId.From(1), method, RpcJson.Serialize(args)), "test", CancellationToken.None);
        Assert.That(reply.Error, Is.Null, () => reply.Error!.Message);
        return RpcJson.Deserialize<T>(reply.ResultJson!)!;
    }

    [Test]
    public async Task Same_EveryKindOfValue_ComesBackEqual()
    {
        var sent = new SampleMirror
        {
            Local = new DateTime(2026, 11, 25, 13, 14, 15, DateTimeKind.Local).AddTicks(1234567),
            Utc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(7),
            Unspecified = new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified),
            Offset = new DateTimeOffset(2026, 6, 1, 8, 30, 0, TimeSpan.FromHours(-7)).AddTicks(42),
            Id = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
            Money = 79228162514264337593543950335m,
            Big = long.MinValue,
            Maybe = 42,
            Numbers = [1, -2, int.MaxValue],
            Prices = new() { ["tenth"] = 0.1m, ["odd"] = 1234567.890123456789m },
            Color = ColorMirror.Blue,
            Inners = [new("a", 1.5), new("b", double.MaxValue)],
            InnerList = [new("c", -0.0000001)],
            InnerMap = new() { ["k"] = new("d", 3) },
            Field = 17,
        };

        var back = await RoundTripAsync<SampleMirror>("echo.Same", sent);

        Assert.Multiple(() =>
        {
            Assert.That(back.Local, Is.EqualTo(sent.Local));
            Assert.That(back.Local.Kind, Is.EqualTo(DateTimeKind.Local));
            Assert.That(back.Utc, Is.EqualTo(sent.Utc));
            Assert.That(back.Utc.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(back.Unspecified, Is.EqualTo(sent.Unspecified));
            Assert.That(back.Unspecified.Kind, Is.EqualTo(DateTimeKind.Unspecified));
            Assert.That(back.Offset, Is.EqualTo(sent.Offset));
            Assert.That(back.Offset.Offset, Is.EqualTo(sent.Offset.Offset));
            Assert.That(back.Id, Is.EqualTo(sent.Id));
            Assert.That(back.Money, Is.EqualTo(sent.Money));
            Assert.That(back.Big, Is.EqualTo(sent.Big));
            Assert.That(back.Maybe, Is.EqualTo(42));
            Assert.That(back.Nothing, Is.Null);
            Assert.That(back.NoText, Is.Null);
            Assert.That(back.Numbers, Is.EqualTo(sent.Numbers));
            Assert.That(back.Prices, Is.EqualTo(sent.Prices));
            Assert.That(back.Color, Is.EqualTo(ColorMirror.Blue));
            Assert.That(back.Inners, Is.EqualTo(sent.Inners));
            Assert.That(back.InnerList, Is.EqualTo(sent.InnerList));
            Assert.That(back.InnerMap, Is.EqualTo(sent.InnerMap));
            Assert.That(back.Field, Is.EqualTo(17), "public fields travel too");
        });
    }

    [TestCase("79228162514264337593543950335")]
    [TestCase("0.1")]
    [TestCase("-0.0000000000000000000000000001")]
    [TestCase("1234567.890123456789")]
    public async Task Money_DecimalAsParameter_Exact(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await RoundTripAsync<decimal>("echo.Money", value), Is.EqualTo(value));
        Assert.That(await RoundTripAsync<decimal[]>("echo.Moneys", new List<decimal> { value, 0.3m }), Is.EqualTo(new[] { value, 0.3m }));
    }

    public enum ColorMirror
    {
        Red = 1,
        Green = 2,
        Blue = 4,
    }

    public sealed record InnerMirror(string Name, double Weight);

    public sealed class SampleMirror
    {
        public DateTime Local { get; set; }
        public DateTime Utc { get; set; }
        public DateTime Unspecified { get; set; }
        public DateTimeOffset Offset { get; set; }
        public Guid Id { get; set; }
        public decimal Money { get; set; }
        public long Big { get; set; }
        public int? Maybe { get; set; }
        public int? Nothing { get; set; }
        public string? NoText { get; set; }
        public List<int> Numbers { get; set; } = [];
        public Dictionary<string, decimal> Prices { get; set; } = [];
        public ColorMirror Color { get; set; }
        public InnerMirror[] Inners { get; set; } = [];
        public List<InnerMirror> InnerList { get; set; } = [];
        public Dictionary<string, InnerMirror> InnerMap { get; set; } = [];
        public int Field { get; set; }
    }
}
