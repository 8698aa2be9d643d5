namespace LlmAdapters.PackageCheck;

/// <summary>
/// The rules every package we ship must meet. A dependency is allowed only when it is one of the packages this
/// pack produced, at our version, or a package pinned in Directory.Packages.props at exactly the pinned version
/// that the restore actually fetched; anything else would send a consumer to a package that does not exist, or
/// to one we never tested against.
/// </summary>
internal sealed class PackageRules(BuildFacts facts, IReadOnlyCollection<PackageManifest> packed)
{
    private static readonly HashSet<string> SharedFrameworks =
        new(["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"], StringComparer.Ordinal);

    private readonly Dictionary<string, PackageManifest> _ours =
        packed.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);

    public int DependenciesChecked { get; private set; }

    /// <summary>Checks one package; writes what was checked to <paramref name="report"/> and returns the problems.</summary>
    public List<string> Check(PackageManifest package, TextWriter report)
    {
        var problems = new List<string>();
        CheckMetadata(package, problems);

        foreach (var dependency in package.Dependencies)
        {
            DependenciesChecked++;
            var verdict = Judge(dependency, out var problem);
            report.WriteLine($"    {dependency.Id,-56} {dependency.Range,-10} {verdict}");
            if (problem is not null)
            {
                problems.Add($"{package.Id}: dependency {dependency.Id} {dependency.Range} ({dependency.TargetFramework}): {problem}");
            }
        }

        if (package.Dependencies.Count == 0)
        {
            report.WriteLine(package.IsTool
                ? "    (no dependencies: a .NET tool carries its own)"
                : "    (no package dependencies)");
        }

        foreach (var framework in package.FrameworkReferences)
        {
            var known = SharedFrameworks.Contains(framework);
            report.WriteLine($"    framework {framework,-46} {(known ? "shared framework" : "UNKNOWN")}");
            if (!known)
            {
                problems.Add($"{package.Id}: framework reference {framework} is not a .NET shared framework.");
            }
        }

        return problems;
    }

    private string Judge(PackageDependency dependency, out string? problem)
    {
        problem = null;
        if (!VersionText.TryGetOpenMinimum(dependency.Range, out var minimum))
        {
            problem = "not a plain minimum version (\"x.y.z\" or \"[x.y.z, )\"); we publish lower bounds only.";
            return "BAD RANGE";
        }

        if (_ours.TryGetValue(dependency.Id, out var sibling))
        {
            if (minimum != facts.OurVersion || VersionText.Normalize(sibling.Version) != facts.OurVersion)
            {
                problem = $"our own package must be referenced at our version {facts.OurVersion}.";
                return "WRONG VERSION";
            }

            return "ours, packed here";
        }

        if (dependency.Id.StartsWith("LlmAdapters", StringComparison.OrdinalIgnoreCase))
        {
            problem = "names a project of ours that produced no package (is it IsPackable=false, or not under src/?).";
            return "NOT PACKED";
        }

        if (!facts.Pins.TryGetValue(dependency.Id, out var pinned))
        {
            problem = "not pinned in Directory.Packages.props, so nothing guarantees it is a real package we build and test against.";
            return "NOT PINNED";
        }

        if (minimum != pinned)
        {
            problem = $"Directory.Packages.props pins {pinned}; the package must declare exactly that minimum.";
            return $"PIN IS {pinned}";
        }

        if (!facts.IsInGlobalPackages(dependency.Id, minimum))
        {
            problem = $"the restore did not fetch {dependency.Id} {minimum} into {facts.PackageRoot}; it may not be served.";
            return "NOT RESTORED";
        }

        return $"pinned {pinned}, restored";
    }

    private static void CheckMetadata(PackageManifest package, List<string> problems)
    {
        void Require(bool condition, string what)
        {
            if (!condition)
            {
                problems.Add($"{package.Id}: {what}");
            }
        }

        Require(package.Description.Length > 0 && package.Description != "Package Description",
            "has no Description (set it in the csproj).");
        Require(package.License == "expression:MIT", $"license is '{package.License}', expected the MIT expression from eng/Package.props.");
        Require(package.Tags.Length > 0, "has no PackageTags.");
        Require(package.Readme.Length > 0 && package.Files.Contains(package.Readme, StringComparer.OrdinalIgnoreCase),
            $"readme '{package.Readme}' is not set or not inside the package.");
        Require(package.Files.Any(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                && (f.StartsWith("lib/", StringComparison.Ordinal) || f.StartsWith("tools/", StringComparison.Ordinal))),
            "contains no assembly under lib/ or tools/.");
    }
}
