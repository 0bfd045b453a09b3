// Sample module "stats": collections in and out of functions. IReadOnlyList<double>, double[],
// Dictionary<string, double>, Dictionary<string, double[]>, arrays of arrays, a params array, a
// nullable array, and records returned as results. Its Point has the same name as geometry's,
// which is fine: each module's data types live in its own proxy class (Stats.Point, Geometry.Point).
// Everything is deterministic; Sample takes its seed from the caller.
// Register it from a stub console with `rm:Modules/stats.cs`.
using System;
using System.Collections.Generic;
using System.Linq;

namespace Samples;

/// <summary>An observation (x, y) for a regression.</summary>
public sealed record Point(double X, double Y);

/// <summary>A summary of a sample.</summary>
public sealed record Summary(int Count, double Mean, double Min, double Max, double StandardDeviation);

/// <summary>The least-squares line y = Slope * x + Intercept and how well it fits.</summary>
public sealed record LinearFit(double Slope, double Intercept, double RSquared);

/// <summary>The functions of the module.</summary>
public static class Stats
{
    /// <summary>The arithmetic mean; throws ArgumentException for no values.</summary>
    public static double Mean(IReadOnlyList<double> values) => NonEmpty(values).Average();

    /// <summary>The mean, or null for a null or empty array.</summary>
    public static double? MeanOrNull(double[]? values) => values is { Length: > 0 } ? values.Average() : null;

    /// <summary>The median.</summary>
    public static double Median(double[] values)
    {
        var sorted = NonEmpty(values).Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Count, mean, extremes and (population) standard deviation.</summary>
    public static Summary Describe(IReadOnlyList<double> values)
    {
        var mean = Mean(values);
        var deviation = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        return new Summary(values.Count, mean, values.Min(), values.Max(), deviation);
    }

    /// <summary>The given percentiles (0..100) by linear interpolation: a <c>params double[]</c>.</summary>
    public static IReadOnlyList<double> Percentiles(IReadOnlyList<double> values, params double[] percents)
    {
        var sorted = NonEmpty(values).Order().ToArray();
        return percents.Select(p =>
        {
            if (p is < 0 or > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(percents), p, "A percentile is between 0 and 100.");
            }

            var rank = p / 100 * (sorted.Length - 1);
            var low = (int)Math.Floor(rank);
            var high = (int)Math.Ceiling(rank);
            return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
        }).ToList();
    }

    /// <summary>Scales weights so that they sum to 1.</summary>
    public static Dictionary<string, double> Normalize(Dictionary<string, double> weights)
    {
        var total = weights.Values.Sum();
        return total == 0
            ? throw new ArgumentException("The weights sum to zero.", nameof(weights))
            : weights.ToDictionary(p => p.Key, p => p.Value / total);
    }

    /// <summary>The mean of each group.</summary>
    public static Dictionary<string, double> GroupMeans(Dictionary<string, double[]> groups) =>
        groups.ToDictionary(g => g.Key, g => Mean(g.Value));

    /// <summary>Counts per equal-width bucket between the smallest and largest value.</summary>
    public static int[] Histogram(IReadOnlyList<double> values, int buckets = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        var min = NonEmpty(values).Min();
        var width = (values.Max() - min) / buckets;
        var counts = new int[buckets];
        foreach (var value in values)
        {
            counts[width == 0 ? 0 : Math.Min((int)((value - min) / width), buckets - 1)]++;
        }

        return counts;
    }

    /// <summary>The moving average over <paramref name="window"/> values.</summary>
    public static double[] MovingAverage(double[] values, int window = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        return Enumerable.Range(0, Math.Max(values.Length - window + 1, 0))
            .Select(i => values.Skip(i).Take(window).Average())
            .ToArray();
    }

    /// <summary>Rows become columns: an array of arrays in and out.</summary>
    public static double[][] Transpose(double[][] matrix)
    {
        var columns = matrix.Length == 0 ? 0 : matrix[0].Length;
        if (matrix.Any(row => row.Length != columns))
        {
            throw new ArgumentException("Every row needs the same length.", nameof(matrix));
        }

        return Enumerable.Range(0, columns).Select(c => matrix.Select(row => row[c]).ToArray()).ToArray();
    }

    /// <summary>The matrix product of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static double[][] Multiply(double[][] a, double[][] b)
    {
        var columns = Transpose(b);
        return a.Select(row => columns.Select(column => row.Zip(column, (x, y) => x * y).Sum()).ToArray()).ToArray();
    }

    /// <summary>The least-squares line through some points.</summary>
    public static LinearFit Fit(IReadOnlyList<Point> points)
    {
        if (points.Count < 2)
        {
            throw new ArgumentException("A line needs at least two points.", nameof(points));
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        var sxy = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var syy = points.Sum(p => (p.Y - meanY) * (p.Y - meanY));
        var slope = sxx == 0 ? throw new ArgumentException("The points share one x.", nameof(points)) : sxy / sxx;
        var rSquared = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        return new LinearFit(slope, meanY - (slope * meanX), rSquared);
    }

    /// <summary><paramref name="count"/> values in [0, 1) from a generator seeded by the caller.</summary>
    public static double[] Sample(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.NextDouble()).ToArray();
    }

    private static IReadOnlyList<double> NonEmpty(IReadOnlyList<double> values) => values.Count == 0
        ? throw new ArgumentException("At least one value is needed.", nameof(values))
        : values;
}
