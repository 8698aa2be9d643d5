using System;

namespace LlmAdapters;

/// <summary>Finds an API key: the option first, then the provider's usual environment variables.</summary>
internal static class ApiKeyResolver
{
    /// <summary>Returns the key, or <see langword="null"/> when neither the option nor any variable has one.</summary>
    public static string? Find(string? fromOptions, params string[] environmentVariables)
    {
        if (!string.IsNullOrWhiteSpace(fromOptions))
        {
            return fromOptions;
        }

        foreach (var name in environmentVariables)
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Returns the key or throws a <see cref="ProviderConfigurationException"/> that says how to supply one.</summary>
    public static string Require(string? fromOptions, string providerDisplayName, string optionName, params string[] environmentVariables) =>
        Find(fromOptions, environmentVariables)
        ?? throw new ProviderConfigurationException(
            $"No API key for {providerDisplayName}: set {optionName} or the environment variable {string.Join(" or ", environmentVariables)}.");

    /// <summary>Describes where a key is read from, for error messages.</summary>
    public static string Describe(string optionName, params string[] environmentVariables) =>
        environmentVariables.Length == 0
            ? optionName
            : $"{optionName} or the {string.Join("/", environmentVariables)} environment variable";
}
