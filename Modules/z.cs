// Sample module "z": numbers, strings, arrays, an async function and one that throws.
// Register it from a stub console with `rm:Modules/z.cs` (or `register Modules/z.cs`).
using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Samples;

public static class Z
{
    /// <summary>Adds two integers.</summary>
    public static int Add(int a, int b) => a + b;

    /// <summary>Multiplies two doubles.</summary>
    public static double Multiply(double x, double y) => x * y;

    /// <summary>Greets somebody by name.</summary>
    public static string Greet(string name) => $"Hello, {name}!";

    /// <summary>Reverses a string.</summary>
    public static string Reverse(string text) => new string(text.Reverse().ToArray());

    /// <summary>Sums an array of integers.</summary>
    public static long Sum(int[] values) => values.Sum(v => (long)v);

    /// <summary>Returns the first <paramref name="count"/> squares.</summary>
    public static int[] Squares(int count) => Enumerable.Range(1, count).Select(i => i * i).ToArray();

    /// <summary>Splits a sentence into words.</summary>
    public static string[] Words(string sentence) =>
        sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Integer division that throws on a zero divisor.</summary>
    public static int Divide(int a, int b) => b == 0 ? throw new DivideByZeroException("b must not be zero") : a / b;

    /// <summary>Always throws: shows that a module's exception reaches the caller.</summary>
    public static void Fail(string reason) => throw new InvalidOperationException(reason);

    /// <summary>An asynchronous function that honours cancellation.</summary>
    public static async Task<int> SlowAdd(int a, int b, int delayMs, CancellationToken cancellationToken)
    {
        await Task.Delay(delayMs, cancellationToken);
        return a + b;
    }
}
