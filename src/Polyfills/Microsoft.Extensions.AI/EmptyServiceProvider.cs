using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.AI;

/// <summary>
/// The provider a builder hands to its factories when <c>Build</c> is called without one:
/// optional lookups yield null, required keyed lookups throw.
/// </summary>
internal sealed class EmptyServiceProvider : IKeyedServiceProvider
{
    public static EmptyServiceProvider Instance { get; } = new();

    public object? GetService(Type serviceType) => null;

    public object? GetKeyedService(Type serviceType, object? serviceKey) => null;

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) =>
        throw new InvalidOperationException($"No service for type '{serviceType}' has been registered.");
}
