using System.IO.Compression;
using System.Xml.Linq;

namespace LlmAdapters.PackageCheck;

/// <summary>One dependency line of a nuspec: the id, the version range as written, and its target framework group.</summary>
internal sealed record PackageDependency(string Id, string Range, string TargetFramework);

/// <summary>The parts of a .nupkg this check looks at, read from its .nuspec and its file list.</summary>
internal sealed class PackageManifest
{
    private PackageManifest(string path, XElement metadata, IReadOnlyList<string> files)
    {
        Path = path;
        Files = files;
        Id = Value(metadata, "id");
        Version = Value(metadata, "version");
        Description = Value(metadata, "description");
        Tags = Value(metadata, "tags");
        Readme = Value(metadata, "readme");
        License = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "license") is { } license
            ? $"{license.Attribute("type")?.Value}:{license.Value.Trim()}"
            : "";
        PackageTypes = metadata.Descendants().Where(e => e.Name.LocalName == "packageType")
            .Select(e => e.Attribute("name")?.Value ?? "").ToList();
        Dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => new PackageDependency(
                e.Attribute("id")?.Value ?? "",
                e.Attribute("version")?.Value ?? "",
                e.Parent?.Attribute("targetFramework")?.Value ?? "(any)"))
            .ToList();
        FrameworkReferences = metadata.Descendants().Where(e => e.Name.LocalName == "frameworkReference")
            .Select(e => e.Attribute("name")?.Value ?? "").Distinct(StringComparer.Ordinal).ToList();
    }

    public string Path { get; }

    public string Id { get; }

    public string Version { get; }

    public string Description { get; }

    public string Tags { get; }

    public string Readme { get; }

    /// <summary>"expression:MIT" for a license expression, "file:…" for a license file, empty when none.</summary>
    public string License { get; }

    public IReadOnlyList<string> PackageTypes { get; }

    public IReadOnlyList<PackageDependency> Dependencies { get; }

    public IReadOnlyList<string> FrameworkReferences { get; }

    /// <summary>Every file in the package, by its path inside the package.</summary>
    public IReadOnlyList<string> Files { get; }

    public bool IsTool => PackageTypes.Contains("DotnetTool", StringComparer.OrdinalIgnoreCase);

    public static PackageManifest Read(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var nuspecs = archive.Entries.Where(e => !e.FullName.Contains('/', StringComparison.Ordinal)
            && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)).ToList();
        if (nuspecs.Count != 1)
        {
            throw new InvalidDataException($"{System.IO.Path.GetFileName(path)} has {nuspecs.Count} .nuspec files at its root, expected 1.");
        }

        XDocument nuspec;
        using (var stream = nuspecs[0].Open())
        {
            nuspec = XDocument.Load(stream);
        }

        var metadata = nuspec.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata")
            ?? throw new InvalidDataException($"{System.IO.Path.GetFileName(path)}: the .nuspec has no <metadata>.");
        return new PackageManifest(path, metadata, archive.Entries.Select(e => e.FullName).ToList());
    }

    /// <summary>Opens each managed or native .dll in the package in turn, as a seekable in-memory copy.</summary>
    public IEnumerable<(string Name, byte[] Bytes)> ReadAssemblies()
    {
        using var archive = ZipFile.OpenRead(Path);
        foreach (var entry in archive.Entries)
        {
            if (!entry.FullName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            yield return (entry.FullName, copy.ToArray());
        }
    }

    private static string Value(XElement metadata, string name) =>
        metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim() ?? "";
}
