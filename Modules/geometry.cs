// Sample module "geometry": data types that travel as JSON. Positional records (one with an extra
// property), a record struct, a class with settable properties and an enum go in and out of
// functions, alone, nullable, and in List<Point>, Point[] and IReadOnlyList<Point>.
// Register it from a stub console with `rm:Modules/geometry.cs`.
using System;
using System.Collections.Generic;
using System.Linq;

namespace Samples;

/// <summary>A point in the plane.</summary>
public sealed record Point(double X, double Y);

/// <summary>A segment between two points: a positional record made of records.</summary>
public sealed record Segment(Point From, Point To);

/// <summary>An axis-aligned box: a positional record with an extra, optional property.</summary>
public sealed record Box(Point Min, Point Max)
{
    /// <summary>A caption for the box, if it has one.</summary>
    public string? Label { get; init; }
}

/// <summary>The width and height of a box: a record struct.</summary>
public readonly record struct Size(double Width, double Height);

/// <summary>What kind of polygon a vertex count makes.</summary>
public enum ShapeKind
{
    /// <summary>Fewer than three vertices.</summary>
    Degenerate = -1,

    /// <summary>Three vertices.</summary>
    Triangle = 3,

    /// <summary>Four vertices.</summary>
    Quadrilateral,

    /// <summary>Five or more vertices.</summary>
    Polygon = 10,
}

/// <summary>A named polygon: a class with settable properties.</summary>
public class Polygon
{
    /// <summary>The polygon's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The vertices, in order.</summary>
    public List<Point> Vertices { get; set; } = [];

    /// <summary>The kind the vertex count makes.</summary>
    public ShapeKind Kind { get; set; }

    /// <summary>Whether the last vertex joins the first.</summary>
    public bool Closed { get; set; } = true;
}

/// <summary>The functions of the module.</summary>
public static class Geometry
{
    /// <summary>The Euclidean distance between two points.</summary>
    public static double Distance(Point a, Point b) => Math.Sqrt(Square(a.X - b.X) + Square(a.Y - b.Y));

    /// <summary>The middle of a segment.</summary>
    public static Point Midpoint(Segment segment) =>
        new((segment.From.X + segment.To.X) / 2, (segment.From.Y + segment.To.Y) / 2);

    /// <summary>Moves a point; both offsets are optional.</summary>
    public static Point Translate(Point point, double dx = 0, double dy = 0) => new(point.X + dx, point.Y + dy);

    /// <summary>Scales every point about the origin.</summary>
    public static Point[] Scale(Point[] points, double factor) =>
        points.Select(p => new Point(p.X * factor, p.Y * factor)).ToArray();

    /// <summary>The mean of some points; throws <see cref="ArgumentException"/> for none.</summary>
    public static Point Centroid(List<Point> points) => points.Count == 0
        ? throw new ArgumentException("At least one point is needed.", nameof(points))
        : new Point(points.Average(p => p.X), points.Average(p => p.Y));

    /// <summary>The smallest box around some points, with an optional label.</summary>
    public static Box BoundingBox(IReadOnlyList<Point> points, string? label = null)
    {
        if (points.Count == 0)
        {
            throw new ArgumentException("At least one point is needed.", nameof(points));
        }

        var min = new Point(points.Min(p => p.X), points.Min(p => p.Y));
        var max = new Point(points.Max(p => p.X), points.Max(p => p.Y));
        return new Box(min, max) { Label = label };
    }

    /// <summary>The size of a box.</summary>
    public static Size SizeOf(Box box) => new(box.Max.X - box.Min.X, box.Max.Y - box.Min.Y);

    /// <summary>What kind of polygon <paramref name="vertexCount"/> vertices make.</summary>
    public static ShapeKind Classify(int vertexCount) => vertexCount switch
    {
        < 3 => ShapeKind.Degenerate,
        3 => ShapeKind.Triangle,
        4 => ShapeKind.Quadrilateral,
        _ => ShapeKind.Polygon,
    };

    /// <summary>The kinds at least as large as <paramref name="min"/>: an enum default value.</summary>
    public static ShapeKind[] KindsFrom(ShapeKind min = ShapeKind.Triangle) =>
        Enum.GetValues<ShapeKind>().Where(k => k >= min).ToArray();

    /// <summary>Builds a closed polygon.</summary>
    public static Polygon MakePolygon(string name, Point[] vertices) => new()
    {
        Name = name,
        Vertices = [.. vertices],
        Kind = Classify(vertices.Length),
    };

    /// <summary>The edges of a polygon, including the closing one when it is closed.</summary>
    public static List<Segment> Edges(Polygon polygon)
    {
        var vertices = polygon.Vertices;
        var count = polygon.Closed ? vertices.Count : vertices.Count - 1;
        return Enumerable.Range(0, Math.Max(count, 0))
            .Select(i => new Segment(vertices[i], vertices[(i + 1) % vertices.Count]))
            .ToList();
    }

    /// <summary>The length of a polygon's edges.</summary>
    public static double Perimeter(Polygon polygon) => Edges(polygon).Sum(e => Distance(e.From, e.To));

    /// <summary>The area of a closed polygon (shoelace formula).</summary>
    public static double Area(Polygon polygon)
    {
        var v = polygon.Vertices;
        var twice = Enumerable.Range(0, v.Count).Sum(i => (v[i].X * v[(i + 1) % v.Count].Y) - (v[(i + 1) % v.Count].X * v[i].Y));
        return Math.Abs(twice) / 2;
    }

    /// <summary>The polygon with the largest area, or null when there is none.</summary>
    public static Polygon? Largest(List<Polygon> polygons) => polygons.MaxBy(Area);

    private static double Square(double value) => value * value;
}
