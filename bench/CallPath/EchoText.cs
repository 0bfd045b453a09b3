using System.Globalization;

namespace SimpleRpc.Bench.CallPath;

/// <summary>
/// The 1 KB string the echo scenarios (4e, 5e, 5me) send to <c>Reverse(string)</c>: 1,024 ASCII
/// letters and digits, fresh for every call, with the call's two numbers written at its start so
/// that an answer meant for another call fails the check. No character needs escaping in JSON.
/// </summary>
internal static class EchoText
{
    /// <summary>Characters in the text (and bytes in the raw 1 KB line of 2e).</summary>
    public const int Length = 1024;

    private static readonly string Filler = string.Create(Length, 0, static (span, _) =>
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[i % Alphabet.Length];
        }
    });

    /// <summary>The text for the call (<paramref name="a"/>, <paramref name="b"/>), both non-negative.</summary>
    public static string Make(int a, int b) => string.Create(Length, (a, b), static (span, call) =>
    {
        Filler.AsSpan().CopyTo(span);
        call.a.TryFormat(span, out var written, provider: CultureInfo.InvariantCulture);
        span[written] = 'x';
        call.b.TryFormat(span[(written + 1)..], out _, provider: CultureInfo.InvariantCulture);
    });
}
