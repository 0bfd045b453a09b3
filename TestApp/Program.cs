using SimpleRpc.Client;
using SimpleRpc.Proxies;

// TestApp calls the z module through generated proxies as if it were local code.
// Usage: SimpleRpc.TestApp [--stub host:port]   (default: $SIMPLERPC_STUB, else 127.0.0.1:5151)
var stubIndex = Array.IndexOf(args, "--stub");
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("SimpleRpc.TestApp: calls the z module's functions through the local stub.\n\nUsage: SimpleRpc.TestApp [--stub host:port]\n\nDefault stub: $" + RpcClient.EndpointVariable + ", else " + RpcClient.DefaultEndpoint + ".");
    return 0;
}

if (stubIndex >= 0 && stubIndex + 1 < args.Length)
{
    RpcClient.ConfigureDefault(args[stubIndex + 1]);
}

var failures = 0;
void Show(string call, Func<object?> run)
{
    try
    {
        Console.WriteLine($"{call} = {Format(run())}");
    }
    catch (Exception ex)
    {
        failures++;
        Console.WriteLine($"{call} failed: {ex.GetType().FullName}: {ex.Message}");
    }
}

static string Format(object? value) => value switch
{
    null => "null",
    string s => "\"" + s + "\"",
    System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
    IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
    _ => value.ToString() ?? "null",
};

Show("Z.Add(1, 2)", () => Z.Add(1, 2));
Show("Z.Multiply(1.5, 4)", () => Z.Multiply(1.5, 4));
Show("Z.Greet(\"world\")", () => Z.Greet("world"));
Show("Z.Reverse(\"stressed\")", () => Z.Reverse("stressed"));
Show("Z.Sum([1, 2, 3, 4])", () => Z.Sum([1, 2, 3, 4]));
Show("Z.Squares(5)", () => Z.Squares(5));
Show("Z.Words(\"a quick  brown fox\")", () => Z.Words("a quick  brown fox"));
Show("await Z.SlowAdd(20, 22, 50)", () => Z.SlowAdd(20, 22, 50).GetAwaiter().GetResult());
Show("await Z.AddAsync(40, 2)", () => Z.AddAsync(40, 2).GetAwaiter().GetResult());

// A module's exception arrives as the same exception type, like a local call's would.
void ExpectThrow<TException>(string call, Action run)
    where TException : Exception
{
    try
    {
        run();
        failures++;
        Console.WriteLine($"{call} did not throw");
    }
    catch (TException ex)
    {
        Console.WriteLine($"{call} threw {ex.GetType().FullName}: {ex.Message}");
    }
    catch (Exception ex)
    {
        failures++;
        Console.WriteLine($"{call} failed: {ex.GetType().FullName}: {ex.Message}");
    }
}

ExpectThrow<DivideByZeroException>("Z.Divide(1, 0)", () => Z.Divide(1, 0));
ExpectThrow<InvalidOperationException>("Z.Fail(\"on purpose\")", () => Z.Fail("on purpose"));

// Cancellation reaches the module's CancellationToken; a deadline ends a call that runs too long.
using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
{
    ExpectThrow<OperationCanceledException>("Z.SlowAdd(1, 2, 10000) cancelled after 200 ms", () => Z.SlowAdd(1, 2, 10_000, cancel.Token).GetAwaiter().GetResult());
}

using (RpcClient.WithTimeout(TimeSpan.FromMilliseconds(300)))
{
    ExpectThrow<TimeoutException>("Z.SlowAdd(1, 2, 10000) with a 300 ms deadline", () => Z.SlowAdd(1, 2, 10_000).GetAwaiter().GetResult());
}

Console.WriteLine(failures == 0 ? "All calls returned." : $"{failures} call(s) failed.");
return failures == 0 ? 0 : 1;
