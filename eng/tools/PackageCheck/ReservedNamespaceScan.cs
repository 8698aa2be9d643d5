using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace LlmAdapters.PackageCheck;

/// <summary>
/// Finds types defined (or forwarded) in Microsoft's namespace <c>Microsoft.Extensions.AI</c> by reading each
/// assembly's metadata tables. Only Microsoft's own assemblies may define them: a tool package that bundles the
/// real Microsoft.Extensions.AI.dll is fine when the file is byte-identical to the one in the pinned package.
/// </summary>
internal sealed class ReservedNamespaceScan(BuildFacts facts)
{
    public const string ReservedNamespace = "Microsoft.Extensions.AI";

    public int Assemblies { get; private set; }

    public int TypeDefinitions { get; private set; }

    /// <summary>Bundled copies of Microsoft's assemblies that were recognised as the real ones.</summary>
    public List<string> Recognised { get; } = [];

    /// <summary>Scans one package; returns a problem line per assembly that defines a type in the reserved namespace.</summary>
    public IEnumerable<string> Scan(PackageManifest package)
    {
        var problems = new List<string>();
        foreach (var (name, bytes) in package.ReadAssemblies())
        {
            var reserved = ReservedTypes(bytes);
            if (reserved is null)
            {
                continue;
            }

            Assemblies++;
            if (reserved.Count == 0)
            {
                continue;
            }

            if (FindIdenticalPinnedCopy(Path.GetFileName(name), bytes) is { } origin)
            {
                Recognised.Add($"{package.Id}: {name} = {origin}");
                continue;
            }

            problems.Add($"{package.Id}: {name} defines {reserved.Count} type(s) in the {ReservedNamespace} namespace "
                + $"({string.Join(", ", reserved.Take(3))}{(reserved.Count > 3 ? ", …" : "")}); that namespace belongs "
                + "to Microsoft's packages: depend on them instead of defining their types.");
        }

        return problems;
    }

    /// <summary>The reserved-namespace types an assembly defines or forwards; null when the file has no .NET metadata.</summary>
    private List<string>? ReservedTypes(byte[] bytes)
    {
        using var pe = new PEReader(ImmutableArray.Create(bytes));
        if (!pe.HasMetadata)
        {
            return null;
        }

        var reader = pe.GetMetadataReader();
        var found = new List<string>();
        foreach (var handle in reader.TypeDefinitions)
        {
            TypeDefinitions++;
            var type = reader.GetTypeDefinition(handle);
            AddIfReserved(reader, type.Namespace, type.Name, found);
        }

        foreach (var handle in reader.ExportedTypes)
        {
            var type = reader.GetExportedType(handle);
            AddIfReserved(reader, type.Namespace, type.Name, found);
        }

        return found;
    }

    private static void AddIfReserved(MetadataReader reader, StringHandle ns, StringHandle name, List<string> found)
    {
        var text = reader.GetString(ns);
        if (text == ReservedNamespace || text.StartsWith(ReservedNamespace + ".", StringComparison.Ordinal))
        {
            found.Add(text + "." + reader.GetString(name));
        }
    }

    /// <summary>"Microsoft.Extensions.AI 10.11.0" when a pinned Microsoft.Extensions.AI* package holds the same file.</summary>
    private string? FindIdenticalPinnedCopy(string fileName, byte[] bytes)
    {
        var hash = SHA256.HashData(bytes);
        foreach (var (id, version) in facts.Pins)
        {
            if (!id.StartsWith(ReservedNamespace, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var candidate in facts.LibraryFilesOf(id, version, fileName))
            {
                if (SHA256.HashData(File.ReadAllBytes(candidate)).AsSpan().SequenceEqual(hash))
                {
                    return $"{id} {version}";
                }
            }
        }

        return null;
    }
}
