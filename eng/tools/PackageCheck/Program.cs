using System.Diagnostics;
using LlmAdapters.PackageCheck;

// Usage: PackageCheck <packages folder> <msbuild evaluation json> <expected package ids, comma-separated>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: PackageCheck <packages folder> <msbuild evaluation json> <expected ids, comma-separated>");
    return 2;
}

var clock = Stopwatch.StartNew();
var facts = BuildFacts.Load(args[1]);
var expected = args[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var files = Directory.GetFiles(args[0], "*.nupkg").Order(StringComparer.Ordinal).ToList();
var symbols = Directory.GetFiles(args[0], "*.snupkg").Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
var packages = files.Select(PackageManifest.Read).ToList();

var problems = new List<string>();
foreach (var id in expected.Where(id => !packages.Any(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase))))
{
    problems.Add($"{id}: src/{id} produced no package; every src project ships (or the check's list must change).");
}

var rules = new PackageRules(facts, packages);
var scan = new ReservedNamespaceScan(facts);
Console.WriteLine($"Checking {packages.Count} packages in {args[0]} against Directory.Packages.props "
    + $"({facts.Pins.Count} pins, our version {facts.OurVersion}):");
foreach (var package in packages)
{
    var hasSymbols = symbols.Contains($"{package.Id}.{package.Version}.snupkg");
    Console.WriteLine($"  {package.Id} {package.Version}{(package.IsTool ? " (dotnet tool)" : "")}"
        + $"{(hasSymbols ? " + symbols" : "")}");
    if (package.Version != facts.OurVersion)
    {
        problems.Add($"{package.Id}: version {package.Version}, expected {facts.OurVersion} (VersionPrefix in eng/Package.props).");
    }

    problems.AddRange(rules.Check(package, Console.Out));
    problems.AddRange(scan.Scan(package));
}

foreach (var line in scan.Recognised)
{
    Console.WriteLine($"  bundled, identical to the pinned package: {line}");
}

Console.WriteLine($"Checked {packages.Count} packages, {rules.DependenciesChecked} dependencies, {scan.Assemblies} assemblies "
    + $"and {scan.TypeDefinitions} type definitions (none may be in {ReservedNamespaceScan.ReservedNamespace}) "
    + $"in {clock.Elapsed.TotalSeconds:0.0} s.");
if (problems.Count == 0)
{
    return 0;
}

Console.WriteLine();
Console.WriteLine($"package check FAILED: {problems.Count} problem(s)");
foreach (var problem in problems)
{
    Console.WriteLine($"  error: {problem}");
}

return 1;
