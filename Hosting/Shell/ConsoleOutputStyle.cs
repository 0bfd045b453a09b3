using Spectre.Console;

namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// How a console's output may be drawn: rich (Spectre.Console tables and progress bars, fitted to
/// <see cref="Width"/>) on a terminal, plain lines that scripts and tests can parse when the output
/// is redirected.
/// </summary>
/// <param name="Rich">Whether tables are drawn with borders and fitted to <see cref="Width"/>.</param>
/// <param name="Ansi">Whether colours and styles may be written as escape sequences.</param>
/// <param name="Unicode">Whether box-drawing characters may be used (otherwise ASCII borders).</param>
/// <param name="Width">The terminal's width in columns.</param>
public sealed record ConsoleOutputStyle(bool Rich, bool Ansi, bool Unicode, int Width)
{
    /// <summary>Plain text for redirected output: no borders, no escape sequences, no width limit.</summary>
    public static ConsoleOutputStyle Plain { get; } = new(false, false, false, int.MaxValue);

    /// <summary>
    /// The process's terminal as Spectre.Console sees it now (<see cref="AnsiConsole.Profile"/>),
    /// so a resized window gets tables of its new width; <see cref="Plain"/> when standard
    /// output is redirected.
    /// </summary>
    public static ConsoleOutputStyle Terminal()
    {
        if (Console.IsOutputRedirected)
        {
            return Plain;
        }

        var profile = AnsiConsole.Profile;
        return new ConsoleOutputStyle(true, profile.Capabilities.Ansi, profile.Capabilities.Unicode, Math.Max(20, profile.Width));
    }
}
