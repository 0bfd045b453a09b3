namespace SimpleRpc.Framing;

/// <summary>A peer sent a line longer than the configured frame limit.</summary>
public sealed class FrameTooLargeException : IOException
{
    /// <summary>Creates the exception for a frame over <paramref name="limit"/> bytes.</summary>
    public FrameTooLargeException(int limit)
        : base($"A message is longer than the frame limit of {limit} bytes (maxFrameBytes).") => Limit = limit;

    /// <summary>The limit that was passed.</summary>
    public int Limit { get; }
}
