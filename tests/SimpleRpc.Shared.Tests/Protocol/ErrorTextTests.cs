using SimpleRpc.Protocol;

namespace SimpleRpc.Shared.Tests.Protocol;

[TestFixture, CancelAfter(10_000)]
public sealed class ErrorTextTests
{
    [TestCase("No space left on device : '/srv/data/modules/.new-z-1/source.cs'", "No space left on device")]
    [TestCase("Not a directory : '/tmp/simplerpc/modules'.", "Not a directory.")]
    [TestCase("Could not find a part of the path '/tmp/x/server-data/modules'.", "Could not find a part of the path <path>.")]
    [TestCase("Access to the path 'C:\\srv\\data\\names.json' is denied.", "Access to the path <path> is denied.")]
    [TestCase("An error occurred trying to start process '/usr/share/dotnet/dotnet' with working directory '/home/rpc/srv'. No such file or directory", "An error occurred trying to start process <path> with working directory <path>. No such file or directory")]
    [TestCase("cannot open /var/lib/simplerpc/names.json for writing", "cannot open <path> for writing")]
    [TestCase("share \\\\fileserver\\rpc\\data is offline", "share <path> is offline")]
    public void WithoutPaths_MessageWithAPath_PathRemoved(string message, string expected)
    {
        Assert.That(ErrorText.WithoutPaths(message), Is.EqualTo(expected));
    }

    [TestCase("boom")]
    [TestCase("Method not found: simplerpc/nope")]
    [TestCase("an I/O error, and/or a $/cancelRequest, see https://example.com/docs")]
    [TestCase("z.Divide(int,int) failed: b must not be zero")]
    public void WithoutPaths_MessageWithoutAPath_Unchanged(string message)
    {
        Assert.That(ErrorText.WithoutPaths(message), Is.EqualTo(message));
    }
}
