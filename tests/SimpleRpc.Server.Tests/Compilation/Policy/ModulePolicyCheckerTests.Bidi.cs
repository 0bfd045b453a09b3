using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation.Policy;

/// <summary>
/// Trojan Source (CVE-2021-42574): bidirectional control characters make an editor show code in
/// another order than the compiler reads it. In code they refuse the module (SRPC2003) at the
/// character's line and column; inside a literal or a comment they are a warning (SRPC2004).
/// </summary>
public sealed partial class ModulePolicyCheckerTests
{
    private const string BidiInCode = ModuleDiagnosticIds.BidiControlInCode;

    private const string BidiInLiteral = ModuleDiagnosticIds.BidiControlInLiteral;

    // Line 6 of Module() starts with 8 spaces: a statement's first character is in column 9.
    private const int StatementColumn = 9;

    private static readonly char[] BidiControls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];

    [TestCase("int ad\u202Emin = 1; _ = ad\u202Emin;", 15, "U+202E (right-to-left override)", TestName = "Compile_BidiControlInIdentifier_RefusedAtLineAndColumn")]
    [TestCase("int x = 1;\u2066 _ = x;", 19, "U+2066 (left-to-right isolate)", TestName = "Compile_BidiControlBetweenTokens_RefusedAtLineAndColumn")]
    [TestCase("int x\u202A\u202C = 1; _ = x\u202A\u202C;", 14, "U+202A (left-to-right embedding), U+202C (pop directional formatting)", TestName = "Compile_SeveralBidiControlsInOneToken_OneDiagnosticNamingEach")]
    [CancelAfter(Timeout)]
    public void Compile_BidiControlOutsideLiteralsAndComments_RefusedNamingLineAndColumn(string statement, int column, string characters)
    {
        var result = SampleModules.Compiler.Compile("m", Module(string.Empty, statement), 1, "00");

        Assert.That(result.Success, Is.False);
        Assert.That(result.Assembly, Is.Null);
        var bidi = result.Errors.Where(d => d.Id == BidiInCode).ToList();
        Assert.That(bidi, Is.Not.Empty, () => string.Join("\n", result.Diagnostics));
        Assert.That((bidi[0].File, bidi[0].Line, bidi[0].Column), Is.EqualTo(("m.cs", 6, column)), () => string.Join("\n", result.Diagnostics));
        Assert.That(bidi[0].Message, Does.StartWith("Bidirectional control character " + characters + " outside a string literal or comment is not allowed in a module"));
        Assert.That(bidi[0].Message, Does.Contain("Trojan Source"));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_BidiControlInPreprocessorDirective_Refused()
    {
        var source = "#region \u202Eadmins only\n" + Module(string.Empty, "_ = 1;") + "#endregion\n";

        var result = SampleModules.Compiler.Compile("m", source, 1, "00");

        Assert.That(result.Errors.Select(d => (d.Id, d.Line, d.Column)), Is.EqualTo(new[] { (BidiInCode, 1, 9) }), () => string.Join("\n", result.Diagnostics));
    }

    [TestCase("var s = \"user\u202E \u2066// admin\u2069 \u2066\";", "a string literal", TestName = "Compile_BidiControlsInStringLiteral_CompilesWithAWarning")]
    [TestCase("var s = @\"ab\u202Ecd\";", "a string literal", TestName = "Compile_BidiControlInVerbatimString_CompilesWithAWarning")]
    [TestCase("var s = \"\"\"ab\u2067cd\"\"\";", "a string literal", TestName = "Compile_BidiControlInRawString_CompilesWithAWarning")]
    [TestCase("var n = 1; var s = $\"{n}\u202Bx\";", "a string literal", TestName = "Compile_BidiControlInInterpolatedString_CompilesWithAWarning")]
    [TestCase("var c = '\u202D';", "a character literal", TestName = "Compile_BidiControlInCharLiteral_CompilesWithAWarning")]
    [TestCase("_ = 1; // \u202E } if (isAdmin) {", "a comment", TestName = "Compile_BidiControlInLineComment_CompilesWithAWarning")]
    [TestCase("/*\u202E } \u2066if (isAdmin)\u2069 \u2066 begin admins only */ _ = 1;", "a comment", TestName = "Compile_BidiControlsInBlockComment_CompilesWithAWarning")]
    [CancelAfter(Timeout)]
    public void Compile_BidiControlInLiteralOrComment_CompilesWithAWarningAtItsPosition(string statement, string where)
    {
        var column = StatementColumn + statement.IndexOfAny(BidiControls);
        var result = SampleModules.Compiler.Compile("m", Module(string.Empty, statement), 1, "00");

        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        var warning = result.Diagnostics.Single(d => d.Id.StartsWith("SRPC", StringComparison.Ordinal));
        Assert.That((warning.Id, warning.Severity, warning.Line, warning.Column), Is.EqualTo((BidiInLiteral, CompileDiagnostic.Warning, 6, column)), () => string.Join("\n", result.Diagnostics));
        Assert.That(warning.Message, Does.Contain(" in " + where + ": ").And.Contain("Trojan Source"));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_BidiControlInDocumentationComment_CompilesWithAWarning()
    {
        var source = "/// <summary>\u202Eevil</summary>\n" + Module(string.Empty, "_ = 1;");

        var result = SampleModules.Compiler.Compile("m", source, 1, "00");

        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        Assert.That(
            result.Diagnostics.Where(d => d.Id.StartsWith("SRPC", StringComparison.Ordinal)).Select(d => d.ToString()),
            Is.EqualTo(new[] { "m.cs(1,14): warning SRPC2004: Bidirectional control character U+202E (right-to-left override) in a documentation comment: it can make the code around it read differently from how it compiles (Trojan Source, CVE-2021-42574); in a string, write it as an escape such as \\u202E" }));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_BidiControlInCodeAndInString_RefusedWithTheErrorAndTheWarning()
    {
        var result = SampleModules.Compiler.Compile("m", Module(string.Empty, "var s\u202E = \"\u202E\"; _ = s\u202E;"), 1, "00");

        Assert.That(result.Success, Is.False);
        Assert.That(
            result.Diagnostics.Where(d => d.Id.StartsWith("SRPC", StringComparison.Ordinal)).Select(d => (d.Id, d.Column)),
            Is.EqualTo(new[] { (BidiInCode, 14), (BidiInLiteral, 19), (BidiInCode, 28) }));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_EscapedBidiControlInString_NoDiagnostic()
    {
        var result = SampleModules.Compiler.Compile("m", Module(string.Empty, "var s = \"\\u202E\"; _ = s;"), 1, "00");

        Assert.That(result.Success, Is.True);
        Assert.That(result.Diagnostics.Where(d => d.Id.StartsWith("SRPC", StringComparison.Ordinal)), Is.Empty);
    }
}
