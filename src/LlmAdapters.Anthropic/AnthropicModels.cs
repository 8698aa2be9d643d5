using System;

namespace LlmAdapters.Anthropic;

/// <summary>Per-model facts the adapter needs before it can send a request.</summary>
internal static class AnthropicModels
{
    /// <summary>The <c>max_tokens</c> used when neither the call nor the client options give one: 4,096 for the
    /// Claude 3 (Haiku, Sonnet, Opus) models, whose output limit that is, and 8,192 for every later model.</summary>
    public static int DefaultMaxOutputTokens(string model) =>
        model.StartsWith("claude-3-haiku", StringComparison.Ordinal)
        || model.StartsWith("claude-3-opus", StringComparison.Ordinal)
        || model.StartsWith("claude-3-sonnet", StringComparison.Ordinal)
            ? 4096
            : 8192;

    /// <summary>Whether the model accepts <c>output_config.format</c>: not the Claude 3 family nor the first Claude 4
    /// Sonnet and Opus releases; every other model (including ones this library does not know yet) is assumed to.</summary>
    public static bool SupportsNativeStructuredOutput(string? model) =>
        model is null
        || !(model.StartsWith("claude-3", StringComparison.Ordinal)
            || model.StartsWith("claude-sonnet-4-0", StringComparison.Ordinal)
            || model.StartsWith("claude-sonnet-4-2025", StringComparison.Ordinal)
            || model.StartsWith("claude-opus-4-0", StringComparison.Ordinal)
            || model.StartsWith("claude-opus-4-2025", StringComparison.Ordinal));
}
