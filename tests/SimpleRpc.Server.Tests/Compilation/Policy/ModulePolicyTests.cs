using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Compilation.Policy;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation.Policy;

/// <summary>Parsing entries and <see cref="ModulePolicy.FromConfig"/>, and which entry wins when several match.</summary>
[TestFixture]
public sealed class ModulePolicyTests
{
    private const int Timeout = 60_000;

    [Test, CancelAfter(Timeout)]
    public void FromConfig_Null_ReturnsTheDefault()
    {
        Assert.That(ModulePolicy.FromConfig(null), Is.SameAs(ModulePolicy.Default));
    }

    [Test, CancelAfter(Timeout)]
    public void Parse_BanWithReason_KeepsIdAndReason()
    {
        var entry = PolicyEntry.Parse("  M:System.Environment.Exit ; ends the server; really ");

        Assert.That(entry, Is.EqualTo(new PolicyEntry("M:System.Environment.Exit", "ends the server; really", false)));
        Assert.That((entry.Kind, entry.Name), Is.EqualTo(('M', "System.Environment.Exit")));
    }

    [Test, CancelAfter(Timeout)]
    public void Parse_AllowAndBanWithoutReason_AllowHasNoReasonBanGetsTheDefaultOne()
    {
        Assert.That(PolicyEntry.Parse("!T:System.IO.MemoryStream"), Is.EqualTo(new PolicyEntry("T:System.IO.MemoryStream", string.Empty, true)));
        Assert.That(PolicyEntry.Parse("P:System.Environment.CurrentDirectory").Reason, Is.EqualTo(PolicyEntry.DefaultReason));
    }

    [TestCase("", "it names nothing")]
    [TestCase("   ;just a reason", "it names nothing")]
    [TestCase("System.IO", "it does not start with a kind letter and a colon")]
    [TestCase("X:System.IO", "it does not start with a kind letter and a colon")]
    [TestCase("t:System.IO.File", "it does not start with a kind letter and a colon")]
    [TestCase("T:", "it does not start with a kind letter and a colon")]
    [TestCase("T:System.IO.File(System.String)", "only M: and P: entries take a parameter list")]
    [TestCase("N:System..IO", "the name is not a dotted name")]
    [TestCase("M:.Exit", "the name is not a dotted name")]
    [TestCase("M:Exit", "a member must be qualified by its type")]
    [TestCase("T:System IO.File", "the name contains white space")]
    [TestCase("M:System.Environment.Exit(System.Int32", "the parameter list is not closed at the end")]
    [TestCase("M:System.Environment.Exit(System.Int32)x", "the parameter list is not closed at the end")]
    [CancelAfter(Timeout)]
    public void FromConfig_MalformedEntry_ThrowsFormatExceptionNamingPositionTextAndProblem(string bad, string problem)
    {
        var thrown = Assert.Throws<FormatException>(() => ModulePolicy.FromConfig(["N:System.IO;files", bad]));

        Assert.That(thrown!.Message, Does.StartWith("Banned API entry 2: Policy entry '" + bad + "' is not valid: " + problem + ";"));
        Assert.That(thrown.Message, Does.Contain("expected N:Namespace, T:Type, M:Type.Method"));
    }

    [Test, CancelAfter(Timeout)]
    public void FromConfig_NullEntry_ThrowsArgumentException()
    {
        var thrown = Assert.Throws<ArgumentException>(() => ModulePolicy.FromConfig(["T:System.Random", null!]));

        Assert.That(thrown!.Message, Does.StartWith("Banned API entry 2 is null."));
    }

    [Test, CancelAfter(Timeout)]
    public void FromConfig_DefaultPlusAllow_ExtendsTheDefaultList()
    {
        var policy = ModulePolicy.FromConfig(["@default", "!T:System.IO.Path", "T:System.Random;no randomness"]);

        Assert.That(policy.Entries, Has.Count.EqualTo(ModulePolicy.DefaultEntries.Count + 2));
        var allowed = Compile(policy, "_ = System.IO.Path.Combine(\"a\", \"b\");");
        var banned = Compile(policy, "_ = System.IO.File.Exists(\"a\") && new System.Random(1).Next() > 0;");

        Assert.That(allowed.Success, Is.True, () => string.Join("\n", allowed.Diagnostics));
        Assert.That(banned.Errors.Select(d => d.Message), Is.EqualTo(new[]
        {
            "'System.IO.File.Exists(string?)' is not allowed in a module: file system access (System.IO)",
            "'System.Random.Random(int)' is not allowed in a module: no randomness",
        }));
    }

    [Test, CancelAfter(Timeout)]
    public void FromConfig_CustomList_ReplacesTheDefault()
    {
        var result = Compile(ModulePolicy.FromConfig(["T:System.Random;no randomness"]), "_ = System.IO.File.Exists(\"a\") && new System.Random().Next() > 0;");

        Assert.That(result.Errors.Select(d => d.Message), Is.EqualTo(new[] { "'System.Random.Random()' is not allowed in a module: no randomness" }));
    }

    [Test, CancelAfter(Timeout)]
    public void FindBan_NestedEntries_TheMostSpecificDecides()
    {
        var policy = ModulePolicy.FromConfig(["N:System.Text;no text", "!T:System.Text.StringBuilder", "M:System.Text.StringBuilder.Clear;no clearing"]);

        var result = Compile(policy, "var b = new System.Text.StringBuilder(); b.Append(1); b.Clear(); _ = System.Text.Encoding.UTF8;");

        Assert.That(result.Errors.Select(d => (d.Column, d.Message)), Is.EqualTo(new[]
        {
            (63, "'System.Text.StringBuilder.Clear()' is not allowed in a module: no clearing"),
            (78, "'System.Text.Encoding.UTF8' is not allowed in a module: no text"),
        }));
    }

    [TestCase("T:System.Random;r|!M:System.Random.#ctor(System.Int32)", "new System.Random(42)", true)]
    [TestCase("T:System.Random;r|!M:System.Random.#ctor(System.Int32)", "new System.Random()", false)]
    [TestCase("M:System.Random.#ctor;r|!M:System.Random.#ctor()", "new System.Random()", true)]
    [TestCase("M:System.Random.#ctor;r|!M:System.Random.#ctor()", "new System.Random(42)", false)]
    [TestCase("!T:System.Random|T:System.Random;r", "new System.Random()", false)]
    [CancelAfter(Timeout)]
    public void FindBan_ParameterListsAndDuplicates_MatchAsDocumented(string entries, string expression, bool compiles)
    {
        var result = Compile(ModulePolicy.FromConfig(entries.Split('|')), "_ = " + expression + ";");

        Assert.That(result.Success, Is.EqualTo(compiles), () => string.Join("\n", result.Diagnostics));
    }

    private static CompileResult Compile(ModulePolicy policy, string statement) =>
        new ModuleCompiler(CollectingSink.CreateLogger().Log, policy).Compile("m", ModulePolicyCheckerTests.Module(string.Empty, statement), 1, "00");
}
