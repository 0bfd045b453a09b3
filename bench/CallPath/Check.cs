namespace SimpleRpc.Bench.CallPath;

/// <summary>Checks an answer, so a path that returns nonsense fails instead of looking fast.</summary>
internal static class Check
{
    public static void Sum(int a, int b, int sum)
    {
        if (sum != a + b)
        {
            throw new InvalidOperationException($"Add({a}, {b}) returned {sum}.");
        }
    }

    /// <summary>Throws unless <paramref name="reply"/> is <paramref name="sent"/> reversed (compared in place, no copy).</summary>
    public static void Reversed(string sent, string? reply)
    {
        var same = reply is not null && reply.Length == sent.Length;
        for (var i = 0; same && i < sent.Length; i++)
        {
            same = reply![i] == sent[sent.Length - 1 - i];
        }

        if (!same)
        {
            var shown = reply is null ? "null" : $"\"{reply[..Math.Min(16, reply.Length)]}…\" ({reply.Length} characters)";
            throw new InvalidOperationException($"Reverse(\"{sent[..16]}…\") returned {shown}.");
        }
    }
}
