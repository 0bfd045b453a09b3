// The module "mymodule": one file, and its name is the file's name. Register it from a stub's
// console with `rm:mymodule.cs` (the path is relative to the stub's working directory); apps call
// it as SimpleRpc.Proxies.MyModule. No usings needed: modules have the implicit usings of a console
// project (System, System.Collections.Generic, System.IO, System.Linq, System.Threading,
// System.Threading.Tasks). What a module may contain: docs/modules.md in the SimpleRpc repository.
namespace Modules;

/// <summary>A data type: a record travels as a JSON object with camelCase members ({"x":1,"y":2}).</summary>
public record Point(double X, double Y);

/// <summary>Units travel as numbers (their values); apps see MyModule.Unit.</summary>
public enum Unit
{
    Metres,
    Kilometres,
}

/// <summary>A class with settable properties; the proxy keeps the initializers, so new Route().Stops.Add(...) works in an app.</summary>
public class Route
{
    public string Name { get; set; } = "";

    public List<Point> Stops { get; set; } = new();
}

/// <summary>The module's own exception: an app catches it as MyModule.RouteException.</summary>
public class RouteException : Exception
{
    public RouteException(string message)
        : base(message)
    {
    }
}

/// <summary>The functions: the public static methods of a public class.</summary>
public static class MyModule
{
    /// <summary>A sync function; apps also get GreetAsync(name, cancellationToken).</summary>
    public static string Greet(string name) => $"Hello, {name}!";

    /// <summary>An optional parameter (callers may leave it out) and an enum.</summary>
    public static double Length(Route route, Unit unit = Unit.Metres)
    {
        if (route.Stops.Count < 2)
        {
            throw new RouteException($"Route '{route.Name}' needs two stops or more.");
        }

        var metres = route.Stops.Zip(route.Stops.Skip(1), Distance).Sum();
        return unit == Unit.Kilometres ? metres / 1000 : metres;
    }

    /// <summary>Overloads: the server picks one by the params' count or names, apps by signature.</summary>
    public static double Distance(Point a, Point b) => Math.Sqrt(Math.Pow(b.X - a.X, 2) + Math.Pow(b.Y - a.Y, 2));

    /// <summary>An overload with another parameter count: the distance from (0, 0).</summary>
    public static double Distance(Point to) => Distance(new Point(0, 0), to);

    /// <summary>params stays params in the app: MyModule.Total(1, 2, 3).</summary>
    public static double Total(params double[] values) => values.Sum();

    /// <summary>Collections and dictionaries travel as JSON arrays and objects.</summary>
    public static Dictionary<string, int> CountWords(List<string> words) =>
        words.GroupBy(w => w.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>An async function: the server passes a token that is cancelled when the caller gives up or the call passes its deadline.</summary>
    public static async Task<Route> Plan(string name, int stops, CancellationToken cancellationToken)
    {
        var route = new Route { Name = name };
        for (var i = 0; i < stops; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            route.Stops.Add(new Point(i * 100, 0));
        }

        return route;
    }

    /// <summary>A function without a result; an exception reaches the caller as itself.</summary>
    public static void Check(Route route)
    {
        ArgumentException.ThrowIfNullOrEmpty(route.Name);
    }
}
