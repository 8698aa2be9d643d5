using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace LlmAdapters.Testing;

/// <summary>The dialects an emulator serves by default: every dialect in this assembly marked <see cref="BuiltInDialectAttribute"/>.</summary>
internal static class BuiltInDialects
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Dialects are public types of this assembly.")]
    public static EmulatorDialect[] Create() =>
        typeof(BuiltInDialects).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(EmulatorDialect).IsAssignableFrom(t) && t.GetCustomAttribute<BuiltInDialectAttribute>() is not null)
            .OrderBy(t => t.GetCustomAttribute<BuiltInDialectAttribute>()!.Order)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (EmulatorDialect)Activator.CreateInstance(t)!)
            .ToArray();
}
