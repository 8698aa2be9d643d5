using System.Text.Json;

namespace LlmAdapters.PackageCheck;

/// <summary>
/// What MSBuild evaluated for this build: our package version, the NuGet global packages folder, and every
/// <c>PackageVersion</c> pinned in Directory.Packages.props (with properties such as MeaiVersion applied).
/// Read from the JSON that <c>dotnet msbuild -getItem:PackageVersion -getProperty:...</c> prints.
/// </summary>
internal sealed class BuildFacts
{
    private BuildFacts(string ourVersion, string packageRoot, Dictionary<string, string> pins)
    {
        OurVersion = ourVersion;
        PackageRoot = packageRoot;
        Pins = pins;
    }

    /// <summary>The version every package of ours carries (VersionPrefix in eng/Package.props).</summary>
    public string OurVersion { get; }

    /// <summary>The NuGet global packages folder the restore filled.</summary>
    public string PackageRoot { get; }

    /// <summary>Pinned package id (case-insensitive) → normalized version.</summary>
    public IReadOnlyDictionary<string, string> Pins { get; }

    public static BuildFacts Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        var properties = json.RootElement.GetProperty("Properties");
        var ourVersion = RequiredString(properties, "Version");
        var packageRoot = RequiredString(properties, "NuGetPackageRoot");

        var pins = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in json.RootElement.GetProperty("Items").GetProperty("PackageVersion").EnumerateArray())
        {
            var id = RequiredString(item, "Identity");
            var version = RequiredString(item, "Version");
            if (!pins.TryAdd(id, VersionText.Normalize(version)))
            {
                throw new InvalidDataException($"Directory.Packages.props pins {id} twice.");
            }
        }

        return new BuildFacts(VersionText.Normalize(ourVersion), packageRoot, pins);
    }

    /// <summary>Whether the restore put <paramref name="id"/> at <paramref name="version"/> into the global packages folder.</summary>
    public bool IsInGlobalPackages(string id, string version) =>
        File.Exists(Path.Combine(PackageRoot, id.ToLowerInvariant(), version.ToLowerInvariant(), id.ToLowerInvariant() + ".nuspec"));

    /// <summary>The files a package in the global packages folder holds under lib/, named <paramref name="fileName"/>.</summary>
    public IEnumerable<string> LibraryFilesOf(string id, string version, string fileName)
    {
        var lib = Path.Combine(PackageRoot, id.ToLowerInvariant(), version.ToLowerInvariant(), "lib");
        return Directory.Exists(lib)
            ? Directory.EnumerateFiles(lib, fileName, SearchOption.AllDirectories)
            : [];
    }

    private static string RequiredString(JsonElement element, string name)
    {
        var value = element.TryGetProperty(name, out var property) ? property.GetString() : null;
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidDataException($"The MSBuild evaluation has no value for '{name}'.")
            : value;
    }
}
