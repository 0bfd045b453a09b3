namespace SimpleRpc.Proxy.Generator.Tests;

[TestFixture]
[CancelAfter(5_000)]
public sealed class EquatableArrayTests
{
    [Test]
    public void Equals_SameElementsInDifferentArrays_IsTrueWithSameHash()
    {
        var left = new EquatableArray<string>(["a", "b"]);
        var right = new EquatableArray<string>(["a", "b"]);

        Assert.That(left == right, Is.True);
        Assert.That(left.GetHashCode(), Is.EqualTo(right.GetHashCode()));
    }

    [Test]
    public void Equals_DifferentOrder_IsFalse()
    {
        var left = new EquatableArray<string>(["a", "b"]);
        var right = new EquatableArray<string>(["b", "a"]);

        Assert.That(left != right, Is.True);
    }

    [Test]
    public void Default_ComparedToEmpty_IsEqualAndEmpty()
    {
        var none = default(EquatableArray<string>);

        Assert.That(none, Is.EqualTo(EquatableArray<string>.Empty));
        Assert.That(none, Is.Empty);
        Assert.That(none.Count, Is.Zero);
    }
}
