namespace SimpleRpc.Server.Dashboard;

/// <summary>What <see cref="DashboardSignIn.SignIn"/> decided.</summary>
/// <param name="Status">200, 401 (no valid key), 403 (not an admin key) or 429 (too many failures from the address).</param>
/// <param name="Token">The new session's token, for 200 only.</param>
/// <param name="Fingerprint">The key's fingerprint for the log (<c>none</c> when it was not looked at).</param>
/// <param name="FirstFailure">A refused key that was its address's first in the minute (worth a log line; later ones are not).</param>
/// <param name="RetryAfter">For 429, how long until the address may try again.</param>
public readonly record struct SignInResult(int Status, string? Token, string Fingerprint, bool FirstFailure, TimeSpan RetryAfter);
