namespace LlmAdapters.Testing;

/// <summary>Marks an <see cref="EmulatorDialect"/> that every emulator serves by default.</summary>
/// <param name="order">Lower orders are asked first; give dialects whose paths overlap distinct orders.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BuiltInDialectAttribute(int order = 0) : Attribute
{
    /// <summary>Gets the order in which dialects are asked whether they serve a request.</summary>
    public int Order { get; } = order;
}
