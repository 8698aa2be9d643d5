using System;
using System.Diagnostics.CodeAnalysis;

namespace LlmAdapters;

/// <summary>
/// A model named as <c>provider:model</c>, for example <c>openai:gpt-4.1</c>, <c>groq:llama-3.3-70b-versatile</c>
/// or <c>openrouter:anthropic/claude-sonnet-4.5</c>. Only the first colon separates, so model ids may contain colons
/// (<c>ollama:llama3.2:3b</c>).
/// </summary>
public readonly record struct ModelSpec
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="provider">The provider or preset name (lower case letters, digits, <c>-</c>, <c>_</c>, <c>.</c>).</param>
    /// <param name="model">The provider's model id.</param>
    public ModelSpec(string provider, string model)
    {
        if (!IsValidProvider(provider))
        {
            throw new ArgumentException($"'{provider}' is not a valid provider name: use lower-case letters, digits, '-', '_' or '.', for example 'openai'.", nameof(provider));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Provider = provider;
        Model = model;
    }

    /// <summary>Gets the provider or preset name.</summary>
    public string Provider { get; }

    /// <summary>Gets the model id as the provider spells it.</summary>
    public string Model { get; }

    /// <summary>Parses <c>provider:model</c>.</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The parsed spec.</returns>
    /// <exception cref="FormatException">The text is not of the form <c>provider:model</c>.</exception>
    public static ModelSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var spec, out var error) ? spec : throw new FormatException(error);
    }

    /// <summary>Tries to parse <c>provider:model</c>.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="spec">The parsed spec.</param>
    /// <returns><see langword="true"/> when the text was valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ModelSpec spec) => TryParse(text, out spec, out _);

    /// <inheritdoc />
    public override string ToString() => $"{Provider}:{Model}";

    private static bool TryParse(string? text, out ModelSpec spec, out string error)
    {
        spec = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A model spec is empty: write it as 'provider:model', for example 'openai:gpt-4.1'.";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not a model spec: write it as 'provider:model', for example 'openai:gpt-4.1' or 'anthropic:claude-sonnet-4-5'.";
            return false;
        }

        var provider = text[..colon].Trim().ToLowerInvariant();
        var model = text[(colon + 1)..].Trim();
        if (!IsValidProvider(provider))
        {
            error = $"'{text}' is not a model spec: the provider part '{provider}' may only hold lower-case letters, digits, '-', '_' or '.'.";
            return false;
        }

        if (model.Length == 0)
        {
            error = $"'{text}' is not a model spec: the model part is empty; write it as 'provider:model', for example 'openai:gpt-4.1'.";
            return false;
        }

        spec = new ModelSpec(provider, model);
        error = string.Empty;
        return true;
    }

    private static bool IsValidProvider(string? provider)
    {
        if (string.IsNullOrEmpty(provider))
        {
            return false;
        }

        foreach (var c in provider)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
