using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>Replays every example in docs/protocol.md against real processes, so the doc cannot drift.</summary>
[TestFixture]
[NonParallelizable]
public partial class ProtocolDocTests : ModuleZFixture
{
    private const string Any = "…";

    public static IEnumerable<TestCaseData> Examples()
    {
        var doc = File.ReadAllText(Path.Combine(Cluster.RepoRoot, "docs", "protocol.md"));
        var index = 0;
        foreach (Match block in ExampleBlock().Matches(doc))
        {
            index++;
            var lines = block.Groups["body"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            yield return new TestCaseData(block.Groups["target"].Value, lines).SetName($"Example{index:00}_{block.Groups["target"].Value}");
        }
    }

    [Test]
    public void Doc_HasExamplesForBothLinks()
    {
        var targets = Examples().Select(e => (string)e.Arguments[0]!).ToList();
        Assert.That(targets, Does.Contain("stub").And.Contain("server"));
    }

    [TestCaseSource(nameof(Examples))]
    [CancelAfter(60_000)]
    public async Task Example_Replayed_GetsDocumentedReplies(string target, string[] lines, CancellationToken cancellationToken)
    {
        var endpoint = target == "stub" ? Stub.AppEndpoint : Cluster.ServerEndpoint;
        var colon = endpoint.LastIndexOf(':');
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var variables = new Dictionary<string, string>();
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.That(lines[i], Does.StartWith("-->"), "each exchange starts with a request");
            var request = Substitute(lines[i][3..].Trim(), variables);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"), cancellationToken);
            var expected = lines.Skip(i + 1).TakeWhile(l => l.StartsWith("<--", StringComparison.Ordinal)).Select(l => JToken.Parse(l[3..].Trim())).ToList();
            i += expected.Count;
            var received = new List<JToken>();
            for (var n = 0; n < expected.Count; n++)
            {
                var line = await reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                received.Add(JToken.Parse(line!));
            }

            foreach (var want in expected)
            {
                var match = received.FirstOrDefault(got => Matches(want, got));
                Assert.That(match, Is.Not.Null, $"after {request}\nexpected {want.ToString(Newtonsoft.Json.Formatting.None)}\nreceived {string.Join("\n         ", received.Select(r => r.ToString(Newtonsoft.Json.Formatting.None)))}");
                received.Remove(match!);
                if (match!.SelectToken("result.uploadId") is { } uploadId)
                {
                    variables["$uploadId"] = (string)uploadId!;
                }
            }
        }
    }

    private static string Substitute(string text, Dictionary<string, string> variables) =>
        variables.Aggregate(text, (current, v) => current.Replace("\"" + v.Key + "\"", "\"" + v.Value + "\"", StringComparison.Ordinal));

    private static bool Matches(JToken want, JToken got)
    {
        if (want.Type == JTokenType.String && (string)want! == Any)
        {
            return true;
        }

        return (want, got) switch
        {
            (JObject w, JObject g) => w.Properties().Count() == g.Properties().Count()
                && w.Properties().All(p => g.TryGetValue(p.Name, out var value) && Matches(p.Value, value)),
            (JArray w, JArray g) => w.Count == g.Count && w.Zip(g).All(pair => Matches(pair.First, pair.Second)),
            _ => JToken.DeepEquals(want, got),
        };
    }

    [GeneratedRegex(@"```jsonrpc (?<target>stub|server)\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
