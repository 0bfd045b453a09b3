using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Tests.Modules;

/// <summary>The one copy of the module rules: names, clashes and who may change a module.</summary>
[TestFixture, CancelAfter(Timeout)]
public sealed class ModuleRulesTests
{
    private const int Timeout = 10_000;

    [TestCase("z")]
    [TestCase("my_math")]
    [TestCase("_x")]
    [TestCase("Geometry2")]
    [TestCase("café")]
    [TestCase("CONSOLE")]
    [TestCase("COM10")]
    public void ValidateName_PlainIdentifier_Passes(string name)
    {
        Assert.That(() => ModuleRules.ValidateName(name), Throws.Nothing);
        Assert.That(ModuleRules.IsValidName(name), Is.True);
    }

    [TestCase("")]
    [TestCase(" ")]
    [TestCase("my-math")]
    [TestCase("1abc")]
    [TestCase("class")]
    [TestCase("@z")]
    [TestCase("a.b")]
    [TestCase("z.cs")]
    [TestCase("a b")]
    [TestCase("a/b")]
    [TestCase("..")]
    [TestCase("a\u0001b")]
    [TestCase("CON")]
    [TestCase("nul")]
    [TestCase("Lpt1")]
    [TestCase("com\u00B2")]
    public void ValidateName_NotAllowed_ThrowsWithTheDocumentedMessage(string name)
    {
        Assert.That(
            () => ModuleRules.ValidateName(name),
            Throws.ArgumentException.With.Message.EqualTo("A module name must be a plain C# identifier (letters, digits and '_', not starting with a digit, not a keyword, not a reserved device name such as CON or LPT1, at most 128 UTF-8 bytes): '" + name + "'."));
        Assert.That(ModuleRules.IsValidName(name), Is.False);
    }

    [Test]
    public void ValidateName_LongerThanTheLimit_Throws()
    {
        Assert.That(ModuleRules.IsValidName(new string('a', ModuleRules.MaxNameBytes)), Is.True);
        Assert.That(ModuleRules.IsValidName(new string('a', ModuleRules.MaxNameBytes + 1)), Is.False);
        Assert.That(ModuleRules.IsValidName(new string('é', (ModuleRules.MaxNameBytes / 2) + 1)), Is.False, "bytes, not characters");
    }

    [Test]
    public void ValidateName_Null_ThrowsArgumentNull()
    {
        Assert.That(() => ModuleRules.ValidateName(null!), Throws.ArgumentNullException);
        Assert.That(ModuleRules.IsValidName(null), Is.False);
    }

    [TestCase("CON", true)]
    [TestCase("aux", true)]
    [TestCase("COM0", true)]
    [TestCase("lpt\u00B9", true)]
    [TestCase("COM10", false)]
    [TestCase("CONSOLE", false)]
    [TestCase("LPT", false)]
    public void IsReservedDeviceName_Name_MatchesWindowsRules(string name, bool reserved)
    {
        Assert.That(ModuleRules.IsReservedDeviceName(name), Is.EqualTo(reserved));
    }

    [Test]
    public void FindClash_NameDiffersOnlyInCase_NamesTheServingModule()
    {
        Assert.That(ModuleRules.FindClash("Z", ["geometry", "z"]), Is.EqualTo("module 'z' exists; names that differ only in case would clash in proxy folders."));
    }

    [Test]
    public void FindClash_SameProxyClass_NamesTheClass()
    {
        Assert.That(ModuleRules.FindClash("myMath", ["my_math"]), Is.EqualTo("module 'my_math' already has the proxy class MyMath; an app could not build with both."));
    }

    [Test]
    public void FindClash_SameNameOrUnrelatedNames_IsNull()
    {
        Assert.That(ModuleRules.FindClash("z", ["z", "geometry", "my_math"]), Is.Null, "the same name is a replacement");
        Assert.That(ModuleRules.FindClash("z", []), Is.Null);
    }

    [TestCase("alpha", "alpha", false, true)]
    [TestCase("alpha", "ALPHA", false, true)]
    [TestCase("alpha", "beta", false, false)]
    [TestCase("alpha", "beta", true, true)]
    [TestCase("alpha", null, false, true)]
    public void MayChange_Requester_FollowsOwnership(string owner, string? requestedBy, bool mayChangeOthers, bool allowed)
    {
        Assert.That(ModuleRules.MayChange(owner, requestedBy, mayChangeOthers), Is.EqualTo(allowed));
    }

    [Test]
    public void Refusals_NameOwnerAndModule()
    {
        Assert.That(ModuleRules.ReplaceRefused("alpha", "z"), Is.EqualTo("Only 'alpha', who registered 'z', or an admin key may replace it."));
        Assert.That(ModuleRules.RemoveRefused("alpha", "z"), Is.EqualTo("Only 'alpha', who registered 'z', or the server console may unregister it."));
    }
}
