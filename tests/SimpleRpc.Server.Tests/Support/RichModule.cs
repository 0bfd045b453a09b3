namespace SimpleRpc.Server.Tests.Support;

/// <summary>A module that uses every shape the proxy must keep: data types, overloads, defaults, params, nullable, tasks, collections.</summary>
internal static class RichModule
{
    public const string Name = "rich_sample";

    public const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Rich.Sample;

        public sealed record Point(int X, int Y);

        public record Shape
        {
            public string Name { get; init; } = "";
            public double Area { get; set; }
            public string? Label { get; set; }
            public required List<Point> Corners { get; init; }
        }

        public class Customer
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public string? Email { get; set; }
            public Dictionary<string, int> Scores { get; set; } = new();
            public Color Favourite;
            public int Secret { get; private set; }
        }

        public readonly record struct Span2(int From, int To = 10);

        [Flags]
        public enum Color : byte { Red = 1, Green = 2, Blue = 4 }

        public enum Level { Low = -1, Mid, High = 10 }

        public static class Geometry
        {
            public static double Distance(Point a, Point b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
            public static Point Scale(Point p, double factor = 1.5, int times = 2) => new((int)(p.X * factor * times), (int)(p.Y * factor * times));
            public static int Sum(params int[] values) => values.Sum();
            public static string Describe(string? name = null, string prefix = "a\"b\n", char sep = ',', bool loud = false,
                Color color = Color.Green, Color mixed = Color.Red | Color.Blue, Level level = Level.Low, decimal price = 1.25m,
                float ratio = 0.5f, long big = 5_000_000_000, double scale = 2.0, CancellationToken token = default) => name ?? prefix;
            public static Task<List<Point>> ListAsync(int count, CancellationToken cancellationToken = default) =>
                Task.FromResult(Enumerable.Range(0, count).Select(i => new Point(i, i)).ToList());
            public static ValueTask<Point?> FindAsync(Dictionary<string, Point> index, string key) =>
                new(index.TryGetValue(key, out var p) ? p : null);
            public static Task DoAsync() => Task.CompletedTask;
            public static ValueTask<int> CountAsync(IReadOnlyList<Customer?> customers) => new(customers.Count);
            public static int? MaybeInt(int? value = null) => value;
            public static (int Min, int Max) MinMax(int[] values) => (values.Min(), values.Max());
            public static Span2 Clamp(Span2 range, Span2? limit = null) => limit ?? range;
            public static string[][] Split(string[]? lines) => [];
            public static Dictionary<Level, List<Shape?>>? Group(Shape[] shapes, Level? level = Level.Mid) => null;
        }

        public static class Text
        {
            public static string Join(List<string> parts, string separator = ", ") => string.Join(separator, parts);
            public static string Join(List<string> parts, char separator) => string.Join(separator, parts);
            public static string Join(IEnumerable<string?> parts) => string.Concat(parts);
            public static Level Parse(string text) => Enum.Parse<Level>(text);
            public static string Shout(this string message) => message.ToUpperInvariant();
            public static void Nothing() { }
            public static T Generic<T>(T value) => value;
            internal static int Hidden() => 0;
        }
        """;
}
