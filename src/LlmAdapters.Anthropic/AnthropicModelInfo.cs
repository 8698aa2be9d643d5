using System;

namespace LlmAdapters.Anthropic;

/// <summary>A model listed by <c>GET /v1/models</c>.</summary>
/// <param name="Id">The model id to pass as <c>ChatOptions.ModelId</c>, for example <c>claude-sonnet-4-5-20250929</c>.</param>
/// <param name="DisplayName">The human-readable name.</param>
/// <param name="CreatedAt">When the model was released, when reported.</param>
/// <param name="MaxInputTokens">The context window, when reported.</param>
/// <param name="MaxOutputTokens">The largest <c>max_tokens</c> the model accepts, when reported.</param>
public sealed record AnthropicModelInfo(string Id, string? DisplayName, DateTimeOffset? CreatedAt, int? MaxInputTokens, int? MaxOutputTokens);
