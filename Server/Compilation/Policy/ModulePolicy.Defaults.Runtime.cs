namespace SimpleRpc.Server.Compilation.Policy;

// The default list, part 2: what reaches into the server's process (code generation, reflection by
// name or on private members, interop and raw memory, threads and timers that outlive a call, and
// process-wide state shared with the server).
public sealed partial class ModulePolicy
{
    private const string Emit = "generates code at run time";

    private const string ByName = "reflection by name (finds types and members this policy cannot see)";

    private const string Invoke = "calls members found by reflection";

    private const string Outlives = "runs code after the call has ended: use Task.Run and Task.Delay";

    private const string Shared = "process-wide state shared with the server";

    private static string[] RuntimeEntries() =>
    [
        // Code generation and late binding.
        "N:System.Reflection.Emit;" + Emit + " (System.Reflection.Emit)",
        "T:System.Reflection.DispatchProxy;" + Emit,
        "M:System.Linq.Expressions.LambdaExpression.Compile;" + Emit,
        "M:System.Linq.Expressions.Expression`1.Compile;" + Emit,
        "N:Microsoft.CSharp.RuntimeBinder;late binding (dynamic)",
        "T:System.Runtime.CompilerServices.CallSite;late binding",
        "T:System.Runtime.CompilerServices.CallSite`1;late binding",

        // Reflection: public metadata may be read, but not private members, types looked up by
        // name, assemblies loaded, or members invoked.
        "F:System.Reflection.BindingFlags.NonPublic;private reflection",
        "M:System.Type.GetType(System.String);" + ByName,
        "M:System.Type.GetType(System.String,System.Boolean);" + ByName,
        "M:System.Type.GetType(System.String,System.Boolean,System.Boolean);" + ByName,
        "M:System.Type.GetType(System.String,System.Func{System.Reflection.AssemblyName,System.Reflection.Assembly},System.Func{System.Reflection.Assembly,System.String,System.Boolean,System.Type});" + ByName,
        "M:System.Type.GetType(System.String,System.Func{System.Reflection.AssemblyName,System.Reflection.Assembly},System.Func{System.Reflection.Assembly,System.String,System.Boolean,System.Type},System.Boolean);" + ByName,
        "M:System.Type.GetType(System.String,System.Func{System.Reflection.AssemblyName,System.Reflection.Assembly},System.Func{System.Reflection.Assembly,System.String,System.Boolean,System.Type},System.Boolean,System.Boolean);" + ByName,
        "M:System.Type.GetTypeFromProgID;" + ByName,
        "M:System.Type.GetTypeFromCLSID;" + ByName,
        "M:System.Type.InvokeMember;" + Invoke,
        "M:System.Reflection.Assembly.GetType;" + ByName,
        "M:System.Reflection.Assembly.GetTypes;" + ByName,
        "M:System.Reflection.Assembly.GetExportedTypes;" + ByName,
        "M:System.Reflection.Assembly.GetForwardedTypes;" + ByName,
        "P:System.Reflection.Assembly.DefinedTypes;" + ByName,
        "P:System.Reflection.Assembly.ExportedTypes;" + ByName,
        "M:System.Reflection.Assembly.CreateInstance;" + ByName,
        "M:System.Reflection.Assembly.GetEntryAssembly;the server's own assemblies",
        "M:System.Reflection.Assembly.Load;loads assemblies",
        "M:System.Reflection.Assembly.LoadFrom;loads assemblies",
        "M:System.Reflection.Assembly.LoadFile;loads assemblies",
        "M:System.Reflection.Assembly.UnsafeLoadFrom;loads assemblies",
        "M:System.Reflection.Assembly.LoadWithPartialName;loads assemblies",
        "M:System.Reflection.Assembly.GetFile;" + FileSystem,
        "M:System.Reflection.Assembly.GetFiles;" + FileSystem,
        "M:System.Reflection.Module.GetType;" + ByName,
        "M:System.Reflection.Module.GetTypes;" + ByName,
        "M:System.Reflection.Module.FindTypes;" + ByName,
        "M:System.Reflection.Module.ResolveType;" + ByName,
        "M:System.Reflection.Module.ResolveMethod;" + ByName,
        "M:System.Reflection.Module.ResolveField;" + ByName,
        "M:System.Reflection.Module.ResolveMember;" + ByName,
        "M:System.Reflection.MethodBase.Invoke;" + Invoke,
        "M:System.Reflection.ConstructorInfo.Invoke;" + Invoke,
        "M:System.Reflection.PropertyInfo.GetValue;" + Invoke,
        "M:System.Reflection.PropertyInfo.SetValue;" + Invoke,
        "M:System.Reflection.FieldInfo.GetValue;" + Invoke,
        "M:System.Reflection.FieldInfo.SetValue;" + Invoke,
        "M:System.Reflection.FieldInfo.GetValueDirect;" + Invoke,
        "M:System.Reflection.FieldInfo.SetValueDirect;" + Invoke,
        "M:System.Reflection.MethodInfo.CreateDelegate;" + Invoke,
        "M:System.Delegate.CreateDelegate;" + Invoke,
        "T:System.Reflection.MethodInvoker;" + Invoke,
        "T:System.Reflection.ConstructorInvoker;" + Invoke,
        "T:System.Activator;creates objects from type names or Type objects",
        "T:System.Runtime.Serialization.FormatterServices;creates objects without running their constructors",
        "T:System.ComponentModel.TypeDescriptor;" + Invoke,
        "M:System.ComponentModel.PropertyDescriptor.GetValue;" + Invoke,
        "M:System.ComponentModel.PropertyDescriptor.SetValue;" + Invoke,
        "N:System.Runtime.Loader;loads assemblies (AssemblyLoadContext)",
        "T:System.Runtime.CompilerServices.UnsafeAccessorAttribute;private member access",
        "T:System.Runtime.CompilerServices.UnsafeAccessorTypeAttribute;private member access",
        "T:System.Runtime.CompilerServices.RuntimeHelpers;runtime internals (uninitialized objects, class constructors)",
        "T:System.Runtime.CompilerServices.ModuleInitializerAttribute;runs module code when it is loaded, outside any call",

        // Interop and raw memory.
        "N:System.Runtime.InteropServices;native code and raw memory (System.Runtime.InteropServices)",
        "T:System.Runtime.CompilerServices.Unsafe;memory access without type or bounds checks",
        "T:System.Runtime.ControlledExecution;aborts running code",

        // Threads and timers: they outlive the call and its deadline. Tasks, Task.Delay,
        // CancellationToken, Interlocked, Volatile and the Slim primitives stay allowed, and so does
        // Thread.Sleep: blocking a thread is no worse than a busy loop, which no policy can stop.
        "T:System.Threading.Thread;" + Outlives,
        "!M:System.Threading.Thread.Sleep",
        "T:System.Threading.Timer;" + Outlives,
        "N:System.Timers;" + Outlives,
        "M:System.TimeProvider.CreateTimer;" + Outlives,
        "T:System.Threading.ThreadPool;the thread pool is shared with the server (work items, limits)",
        "T:System.Threading.Mutex;named wait handles are visible to other processes",
        "T:System.Threading.Semaphore;named wait handles are visible to other processes",
        "M:System.Threading.EventWaitHandle.#ctor(System.Boolean,System.Threading.EventResetMode,System.String);named wait handles are visible to other processes",
        "M:System.Threading.EventWaitHandle.#ctor(System.Boolean,System.Threading.EventResetMode,System.String,System.Boolean@);named wait handles are visible to other processes",
        "M:System.Threading.EventWaitHandle.#ctor(System.Boolean,System.Threading.EventResetMode,System.String,System.Threading.NamedWaitHandleOptions);named wait handles are visible to other processes",
        "M:System.Threading.EventWaitHandle.#ctor(System.Boolean,System.Threading.EventResetMode,System.String,System.Threading.NamedWaitHandleOptions,System.Boolean@);named wait handles are visible to other processes",
        "M:System.Threading.EventWaitHandle.OpenExisting;named wait handles are visible to other processes",
        "M:System.Threading.EventWaitHandle.TryOpenExisting;named wait handles are visible to other processes",

        // Process-wide state the server uses too.
        "T:System.GC;the garbage collector is shared with the server",
        "!M:System.GC.KeepAlive", "!M:System.GC.SuppressFinalize",
        "T:System.Runtime.GCSettings;" + Shared + " (garbage collector settings)",
        "P:System.Buffers.ArrayPool`1.Shared;" + Shared + " (a kept array can read or corrupt the server's buffers)",
        "P:System.Buffers.MemoryPool`1.Shared;" + Shared + " (a kept buffer can read or corrupt the server's buffers)",
        "P:System.Globalization.CultureInfo.DefaultThreadCurrentCulture;" + Shared + " (culture)",
        "P:System.Globalization.CultureInfo.DefaultThreadCurrentUICulture;" + Shared + " (culture)",
        "M:System.Text.Encoding.RegisterProvider;" + Shared + " (encodings)",
        "E:System.Threading.Tasks.TaskScheduler.UnobservedTaskException;" + Shared + " (events)",
        "M:System.Threading.SynchronizationContext.SetSynchronizationContext;" + Shared + " (the thread's synchronization context)",
    ];
}
