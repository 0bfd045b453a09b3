using System.Linq.Expressions;
using System.Reflection;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// One callable function of a loaded module, with a compiled invoker: no reflection
/// <c>Invoke</c> on the call path. <see cref="CancellationToken"/> parameters are filled by the
/// server, never from the wire.
/// </summary>
public sealed class ModuleFunction
{
    private readonly Func<object?[], CancellationToken, object?> _invoke;
    private readonly Func<object, Task>? _toTask;
    private readonly Func<Task, object?>? _taskResult;
    private ModuleFunction[]? _alone;

    /// <summary>Builds the invoker for <paramref name="method"/> (a public static method).</summary>
    public ModuleFunction(MethodInfo method)
    {
        Name = method.Name;
        var parameters = method.GetParameters();
        WireParameters = [.. parameters.Where(p => p.ParameterType != typeof(CancellationToken))];
        TakesCancellationToken = WireParameters.Count != parameters.Length;
        Signature = FunctionSignature.Format(method);
        SignatureId = FunctionSignature.WireId(method);
        ResultType = UnwrapResultType(method.ReturnType);
        HasPrimitiveParameters = SimpleRpc.Serialization.PrimitiveJson.ReadsAll(WireParameters);
        _invoke = CompileInvoker(method, parameters);
        (_toTask, _taskResult) = CompileAwaiters(method.ReturnType);
    }

    /// <summary>The function's name.</summary>
    public string Name { get; }

    /// <summary>The parameters a caller sends, in order (CancellationToken ones left out).</summary>
    public IReadOnlyList<ParameterInfo> WireParameters { get; }

    /// <summary>True when the function has a <see cref="CancellationToken"/> parameter (and so can see its deadline pass).</summary>
    public bool TakesCancellationToken { get; }

    /// <summary>A readable signature, e.g. <c>int Add(int a, int b)</c>.</summary>
    public string Signature { get; }

    /// <summary>The id generated proxies call it by, e.g. <c>Add(int,int)</c>.</summary>
    public string SignatureId { get; }

    /// <summary>The type of the value a caller receives: <c>T</c> for <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>, <c>void</c> for none.</summary>
    public Type ResultType { get; }

    /// <summary>True when every wire parameter is of a type <see cref="SimpleRpc.Serialization.PrimitiveJson"/> reads (positional params need no Newtonsoft).</summary>
    internal bool HasPrimitiveParameters { get; }

    /// <summary>This function as the only candidate of a call (kept, so a call that names it allocates no list).</summary>
    internal IReadOnlyList<ModuleFunction> Alone => _alone ??= [this];

    /// <summary>True when the function returns its result directly (no task to await).</summary>
    public bool IsSynchronous => _toTask is null;

    /// <summary>Whether its calls may run on the thread that read them (see <see cref="InProcessInvoker.RunsFastCallsInline"/>).</summary>
    internal InlineGate Inline { get; } = new();

    /// <summary>Runs a synchronous function (<see cref="IsSynchronous"/>) on this thread and returns its result (null for void).</summary>
    /// <remarks>An exception thrown by the module comes out unwrapped.</remarks>
    public object? Invoke(object?[] arguments) => _invoke(arguments, CancellationToken.None);

    /// <summary>Runs the function; awaits it when it is asynchronous and returns its result (null for void).</summary>
    /// <remarks>An exception thrown by the module comes out unwrapped.</remarks>
    public async ValueTask<object?> InvokeAsync(object?[] arguments, CancellationToken cancellationToken)
    {
        var result = _invoke(arguments, cancellationToken);
        if (_toTask is null)
        {
            return result;
        }

        var task = _toTask(result!);
        await task.ConfigureAwait(false);
        return _taskResult?.Invoke(task);
    }

    private static Type UnwrapResultType(Type returnType) =>
        returnType == typeof(Task) || returnType == typeof(ValueTask) ? typeof(void)
        : returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? returnType.GetGenericArguments()[0]
            : returnType;

    private static Func<object?[], CancellationToken, object?> CompileInvoker(MethodInfo method, ParameterInfo[] parameters)
    {
        var args = Expression.Parameter(typeof(object?[]), "args");
        var token = Expression.Parameter(typeof(CancellationToken), "cancellationToken");
        var wireIndex = 0;
        var callArgs = parameters.Select(p => p.ParameterType == typeof(CancellationToken)
            ? (Expression)token
            : Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(wireIndex++)), p.ParameterType));
        Expression call = Expression.Call(method, callArgs);
        call = method.ReturnType == typeof(void)
            ? Expression.Block(call, Expression.Constant(null, typeof(object)))
            : Expression.Convert(call, typeof(object));
        return Expression.Lambda<Func<object?[], CancellationToken, object?>>(call, args, token).Compile();
    }

    private static (Func<object, Task>?, Func<Task, object?>?) CompileAwaiters(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return (static o => (Task)o, null);
        }

        if (returnType == typeof(ValueTask))
        {
            return (static o => ((ValueTask)o).AsTask(), null);
        }

        if (!returnType.IsGenericType)
        {
            return (null, null);
        }

        var definition = returnType.GetGenericTypeDefinition();
        if (definition == typeof(Task<>))
        {
            return (static o => (Task)o, CompileResultGetter(returnType));
        }

        if (definition == typeof(ValueTask<>))
        {
            var taskType = typeof(Task<>).MakeGenericType(returnType.GetGenericArguments()[0]);
            var boxed = Expression.Parameter(typeof(object), "valueTask");
            var asTask = Expression.Call(Expression.Convert(boxed, returnType), returnType.GetMethod(nameof(ValueTask<int>.AsTask))!);
            var toTask = Expression.Lambda<Func<object, Task>>(Expression.Convert(asTask, typeof(Task)), boxed).Compile();
            return (toTask, CompileResultGetter(taskType));
        }

        return (null, null);
    }

    private static Func<Task, object?> CompileResultGetter(Type taskType)
    {
        var task = Expression.Parameter(typeof(Task), "task");
        var result = Expression.Property(Expression.Convert(task, taskType), "Result");
        return Expression.Lambda<Func<Task, object?>>(Expression.Convert(result, typeof(object)), task).Compile();
    }
}
