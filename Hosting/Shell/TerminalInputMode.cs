using System.Runtime.InteropServices;

namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// Holds the terminal in key-at-a-time mode (no line editing, no echo by the terminal) while a
/// line is being edited. <see cref="Console.ReadKey(bool)"/> switches the terminal to that mode
/// only for the moment of each read and puts the line mode back afterwards, so keys that arrive
/// while the editor draws (or before its first read) were edited by the terminal itself: a
/// Backspace typed straight after an emoji took one byte of its UTF-8 and left the rest, and
/// typed-ahead text was echoed over the prompt. Linux only (where the layout of
/// <c>struct termios</c> is known); elsewhere, or when standard input is not a terminal, nothing
/// changes.
/// </summary>
internal sealed class TerminalInputMode : IDisposable
{
    private const int StandardInput = 0;
    private const int SetNow = 0; // TCSANOW
    private const int LocalFlagsOffset = 12; // c_iflag, c_oflag, c_cflag, then c_lflag
    private const uint LineMode = 0x2; // ICANON
    private const uint Echo = 0x8; // ECHO

    // Larger than glibc's struct termios (60 bytes), so a C library with a longer one cannot write past it.
    private readonly byte[] _saved = new byte[256];

    private TerminalInputMode()
    {
    }

    /// <summary>Switches the terminal to key-at-a-time mode; null if it cannot (the caller carries on as before).</summary>
    public static TerminalInputMode? Enter()
    {
        if (!OperatingSystem.IsLinux() || Console.IsInputRedirected)
        {
            return null;
        }

        // The runtime keeps the settings it finds when its console starts and puts them back at
        // exit: let it start first, so what it keeps is the terminal's own mode and not this one.
        _ = Console.In;
        var mode = new TerminalInputMode();
        try
        {
            if (Posix.GetAttributes(StandardInput, mode._saved) != 0)
            {
                return null;
            }

            var raw = (byte[])mode._saved.Clone();
            var span = raw.AsSpan(LocalFlagsOffset, sizeof(uint));
            var flags = BitConverter.ToUInt32(span);
            if (!BitConverter.TryWriteBytes(span, flags & ~(LineMode | Echo)) || Posix.SetAttributes(StandardInput, SetNow, raw) != 0)
            {
                return null;
            }

            return mode;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Puts the terminal's own settings back.</summary>
    public void Dispose() => _ = Posix.SetAttributes(StandardInput, SetNow, _saved);

    private static class Posix
    {
        [DllImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
        public static extern int GetAttributes(int fd, byte[] termios);

        [DllImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
        public static extern int SetAttributes(int fd, int optionalActions, byte[] termios);
    }
}
