using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Tests.Dispatch;

/// <summary>A module call's method name is split into module, target and function once per name.</summary>
[TestFixture]
[CancelAfter(30_000)]
public class MethodTargetTests
{
    [TestCase("z.Add", "z", "Add", "Add", false)]
    [TestCase("z.Add(int,int)", "z", "Add(int,int)", "Add", true)]
    [TestCase("my_module.F(System.Collections.Generic.List<int>)", "my_module", "F(System.Collections.Generic.List<int>)", "F", true)]
    public void Of_ModuleCall_ItsParts(string method, string module, string target, string function, bool hasSignature)
    {
        Assert.That(MethodTarget.Of(method), Is.EqualTo(new MethodTarget(module, target, function, hasSignature)));
    }

    [TestCase("")]
    [TestCase("noDot")]
    [TestCase(".Add")]
    [TestCase("z.")]
    public void Of_NotAModuleCall_Null(string method)
    {
        Assert.That(MethodTarget.Of(method), Is.Null);
    }

    [Test]
    public void Of_SameNameAgain_SameParts()
    {
        var first = MethodTarget.Of("kept.Twice(int)");
        Assert.That(MethodTarget.Of("kept." + "Twice(int)"), Is.SameAs(first));
    }

    [Test]
    public void Of_MoreNamesThanKept_EachRight()
    {
        for (var i = 0; i < MethodTarget.MaxKept * 2; i++)
        {
            Assert.That(MethodTarget.Of($"m{i}.F{i}(int)")!.Function, Is.EqualTo($"F{i}"));
        }
    }
}
