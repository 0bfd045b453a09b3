namespace SimpleRpc.Server.Compilation.Policy;

// The default list, part 1: what reaches outside the process (files, processes, the network, the
// console, the environment). Part 2 (ModulePolicy.Defaults.Runtime.cs) covers what reaches into it.
// ModulePolicyDefaultsTests checks that every entry names something in the reference assemblies.
public sealed partial class ModulePolicy
{
    private const string FileSystem = "file system access";

    private const string PathArgument = "file system access (a path)";

    /// <summary>
    /// The default entries, in the text form <see cref="PolicyEntry.Parse"/> reads. docs/security.md
    /// explains each group and what the policy does not stop.
    /// </summary>
    public static IReadOnlyList<string> DefaultEntries { get; } = [.. OutsideEntries(), .. RuntimeEntries()];

    /// <summary>The policy used when the configuration names none: <see cref="DefaultEntries"/>.</summary>
    public static ModulePolicy Default { get; } = new(DefaultEntries.Select(PolicyEntry.Parse));

    private static string[] OutsideEntries() =>
    [
        // System.IO is banned as a whole; in-memory streams, readers, writers and the IOException
        // family stay allowed, except the StreamReader/StreamWriter constructors that open a path.
        "N:System.IO;" + FileSystem + " (System.IO)",
        "!T:System.IO.Stream", "!T:System.IO.MemoryStream", "!T:System.IO.BufferedStream",
        "!T:System.IO.TextReader", "!T:System.IO.TextWriter", "!T:System.IO.StringReader", "!T:System.IO.StringWriter",
        "!T:System.IO.StreamReader", "!T:System.IO.StreamWriter", "!T:System.IO.BinaryReader", "!T:System.IO.BinaryWriter",
        "!T:System.IO.SeekOrigin", "!T:System.IO.IOException", "!T:System.IO.EndOfStreamException",
        "!T:System.IO.InvalidDataException", "!T:System.IO.FileNotFoundException", "!T:System.IO.DirectoryNotFoundException",
        "!T:System.IO.PathTooLongException", "!T:System.IO.DriveNotFoundException", "!T:System.IO.FileLoadException",
        "M:System.IO.StreamReader.#ctor(System.String);" + PathArgument,
        "M:System.IO.StreamReader.#ctor(System.String,System.Boolean);" + PathArgument,
        "M:System.IO.StreamReader.#ctor(System.String,System.IO.FileStreamOptions);" + PathArgument,
        "M:System.IO.StreamReader.#ctor(System.String,System.Text.Encoding);" + PathArgument,
        "M:System.IO.StreamReader.#ctor(System.String,System.Text.Encoding,System.Boolean);" + PathArgument,
        "M:System.IO.StreamReader.#ctor(System.String,System.Text.Encoding,System.Boolean,System.Int32);" + PathArgument,
        "M:System.IO.StreamReader.#ctor(System.String,System.Text.Encoding,System.Boolean,System.IO.FileStreamOptions);" + PathArgument,
        "M:System.IO.StreamWriter.#ctor(System.String);" + PathArgument,
        "M:System.IO.StreamWriter.#ctor(System.String,System.Boolean);" + PathArgument,
        "M:System.IO.StreamWriter.#ctor(System.String,System.Boolean,System.Text.Encoding);" + PathArgument,
        "M:System.IO.StreamWriter.#ctor(System.String,System.Boolean,System.Text.Encoding,System.Int32);" + PathArgument,
        "M:System.IO.StreamWriter.#ctor(System.String,System.IO.FileStreamOptions);" + PathArgument,
        "M:System.IO.StreamWriter.#ctor(System.String,System.Text.Encoding,System.IO.FileStreamOptions);" + PathArgument,

        // Files reached from outside System.IO.
        "N:System.Formats.Tar;" + FileSystem + " (tar files)",
        "N:System.Data;" + FileSystem + " and types named in XML (DataSet, DataTable)",
        "N:System.Xml.Xsl;" + FileSystem + " (XSLT document())",
        "T:System.Xml.XmlUrlResolver;" + FileSystem + " and network access (XML resolver)",
        "P:System.Xml.XmlResolver.FileSystemResolver;" + FileSystem + " (XML resolver)",
        "T:System.Xml.XmlTextReader;" + PathArgument,
        "M:System.Xml.XmlTextWriter.#ctor(System.String,System.Text.Encoding);" + PathArgument,
        "M:System.Xml.XmlDocument.Load(System.String);" + PathArgument,
        "M:System.Xml.XmlDocument.Save(System.String);" + PathArgument,
        "M:System.Xml.XmlReader.Create(System.String);" + PathArgument,
        "M:System.Xml.XmlReader.Create(System.String,System.Xml.XmlReaderSettings);" + PathArgument,
        "M:System.Xml.XmlReader.Create(System.String,System.Xml.XmlReaderSettings,System.Xml.XmlParserContext);" + PathArgument,
        "M:System.Xml.XmlWriter.Create(System.String);" + PathArgument,
        "M:System.Xml.XmlWriter.Create(System.String,System.Xml.XmlWriterSettings);" + PathArgument,
        "M:System.Xml.XPath.XPathDocument.#ctor(System.String);" + PathArgument,
        "M:System.Xml.XPath.XPathDocument.#ctor(System.String,System.Xml.XmlSpace);" + PathArgument,
        "M:System.Xml.Linq.XDocument.Load(System.String);" + PathArgument,
        "M:System.Xml.Linq.XDocument.Load(System.String,System.Xml.Linq.LoadOptions);" + PathArgument,
        "M:System.Xml.Linq.XDocument.Save(System.String);" + PathArgument,
        "M:System.Xml.Linq.XDocument.Save(System.String,System.Xml.Linq.SaveOptions);" + PathArgument,
        "M:System.Xml.Linq.XElement.Load(System.String);" + PathArgument,
        "M:System.Xml.Linq.XElement.Load(System.String,System.Xml.Linq.LoadOptions);" + PathArgument,
        "M:System.Xml.Linq.XElement.Save(System.String);" + PathArgument,
        "M:System.Xml.Linq.XElement.Save(System.String,System.Xml.Linq.SaveOptions);" + PathArgument,
        "M:System.Xml.Linq.XStreamingElement.Save(System.String);" + PathArgument,
        "M:System.Xml.Linq.XStreamingElement.Save(System.String,System.Xml.Linq.SaveOptions);" + PathArgument,
        "M:System.Resources.ResourceReader.#ctor(System.String);" + PathArgument,
        "M:System.Resources.ResourceWriter.#ctor(System.String);" + PathArgument,
        "M:System.Resources.ResourceManager.CreateFileBasedResourceManager;" + FileSystem,
        "N:System.Security.Cryptography.X509Certificates;certificate stores and certificate files",
        "T:System.Diagnostics.FileVersionInfo;" + FileSystem,
        "T:System.Runtime.ProfileOptimization;" + FileSystem + " (JIT profiles)",
        "N:Microsoft.Win32;the registry and operating-system handles",
        "N:Microsoft.VisualBasic;file system, processes and late binding (Microsoft.VisualBasic)",

        // Processes, the debugger, trace listeners (shared with the server, and some write files).
        "T:System.Diagnostics.Process;processes",
        "T:System.Diagnostics.ProcessStartInfo;processes",
        "T:System.Diagnostics.Debugger;the debugger",
        "T:System.Diagnostics.Trace;trace listeners are shared with the server",
        "T:System.Diagnostics.DefaultTraceListener;trace listeners can write files",
        "T:System.Diagnostics.TextWriterTraceListener;trace listeners can write files",
        "T:System.Diagnostics.XmlWriterTraceListener;trace listeners can write files",
        "T:System.Diagnostics.DelimitedListTraceListener;trace listeners can write files",

        // The process itself: environment, console, exit.
        "T:System.Environment;the server process's environment (variables, command line, directories)",
        "M:System.Environment.Exit;ends the server process",
        "M:System.Environment.FailFast;ends the server process",
        "!P:System.Environment.NewLine", "!P:System.Environment.ProcessorCount", "!P:System.Environment.TickCount",
        "!P:System.Environment.TickCount64", "!P:System.Environment.CurrentManagedThreadId",
        "T:System.Console;the server's console (standard input, output and error)",
        "T:System.AppContext;process-wide switches and data",
        "T:System.AppDomain;the server's assemblies and process-wide events",

        // The network: all of System.Net except a few value types and encoders.
        "N:System.Net;network access (System.Net)",
        "!T:System.Net.IPAddress", "!T:System.Net.IPEndPoint", "!T:System.Net.IPNetwork", "!T:System.Net.WebUtility",
        "!T:System.Net.HttpStatusCode", "!T:System.Net.Sockets.AddressFamily",

        // The server's own code (modules cannot reference it, and may not declare its namespace).
        "N:SimpleRpc;the server's own assemblies (SimpleRpc)",
    ];
}
