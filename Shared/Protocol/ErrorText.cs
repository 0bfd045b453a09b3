using System.Text.RegularExpressions;

namespace SimpleRpc.Protocol;

/// <summary>
/// Turns an exception's message into text fit for a peer: without the file system paths that .NET
/// puts in I/O messages (<c>No space left on device : '/srv/data/modules/…'</c>), which tell a
/// client how the server's machine is laid out. The full message belongs in the local log.
/// </summary>
public static partial class ErrorText
{
    /// <summary>What stands where a path was.</summary>
    public const string PathPlaceholder = "<path>";

    /// <summary>
    /// <paramref name="message"/> without file system paths: .NET's trailing <c> : '&lt;path&gt;'</c>
    /// is dropped, and any other quoted or unquoted absolute path (<c>/a/b</c>, <c>C:\a</c>,
    /// <c>\\server\share</c>) becomes <see cref="PathPlaceholder"/>.
    /// </summary>
    public static string WithoutPaths(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = TrailingQuotedPath().Replace(message, string.Empty);
        text = QuotedPath().Replace(text, PathPlaceholder);
        return UnquotedPath().Replace(text, PathPlaceholder);
    }

    /// <summary>The message of <paramref name="exception"/> without file system paths (see <see cref="WithoutPaths"/>).</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return WithoutPaths(exception.Message);
    }

    // A path starts with '/', '\', '~/', './', '../' or a drive letter.
    private const string PathStart = @"(?:[A-Za-z]:[\\/]|[\\/]|~[\\/]|\.{1,2}[\\/])";

    [GeneratedRegex(@"\s+:\s+'" + PathStart + @"[^']*'(?=\.?$)")]
    private static partial Regex TrailingQuotedPath();

    [GeneratedRegex(@"['""]" + PathStart + @"[^'""]*['""]")]
    private static partial Regex QuotedPath();

    // Unquoted: not inside a word or a URL ("I/O", "and/or", "simplerpc/hello", "$/cancelRequest",
    // "https://host" keep their slashes).
    [GeneratedRegex(@"(?<![\w.~/\\$:-])(?:[A-Za-z]:[\\/]|[\\/]{1,2})[^\s'"",;:()\[\]]+")]
    private static partial Regex UnquotedPath();
}
