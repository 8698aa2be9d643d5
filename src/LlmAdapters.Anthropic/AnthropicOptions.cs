using System;
using System.Collections.Generic;

namespace LlmAdapters.Anthropic;

/// <summary>
/// Settings of an <see cref="AnthropicChatClient"/>. The shared settings (endpoint, key, default model, HTTP client, headers,
/// limits, timeouts, clock) are on <see cref="ProviderOptions"/>: the API key is sent as <c>x-api-key</c> and, when empty, read
/// from <c>ANTHROPIC_API_KEY</c>; a key that starts with <c>sk-ant-oat</c> is an OAuth access token and is sent as
/// <c>Authorization: Bearer</c> instead.
/// </summary>
public sealed class AnthropicOptions : ProviderOptions
{
    /// <summary>The public Messages API endpoint.</summary>
    public static readonly Uri DefaultEndpoint = new(AnthropicConstants.DefaultEndpoint);

    /// <summary>Initializes a new instance for the public Messages API (<see cref="DefaultEndpoint"/>, the part before
    /// <c>v1/messages</c>).</summary>
    public AnthropicOptions()
        : base(DefaultEndpoint)
    {
    }

    /// <summary>Gets or sets an OAuth access token sent as <c>Authorization: Bearer</c> together with the OAuth beta
    /// flag. Takes precedence over <see cref="ProviderOptions.ApiKey"/>. When neither is set, <c>ANTHROPIC_API_KEY</c> and then
    /// <c>ANTHROPIC_AUTH_TOKEN</c> are read from the environment.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Gets or sets the <c>max_tokens</c> sent when <c>ChatOptions.MaxOutputTokens</c> is not set;
    /// <see langword="null"/> uses the per-model default (<see cref="AnthropicChatClient.GetDefaultMaxOutputTokens"/>).</summary>
    public int? DefaultMaxOutputTokens { get; set; }

    /// <summary>Gets or sets the <c>anthropic-version</c> header.</summary>
    /// <value>The default is <c>2023-06-01</c>.</value>
    public string ApiVersion { get; set; } = "2023-06-01";

    /// <summary>Gets or sets beta flags sent in the <c>anthropic-beta</c> header on every request
    /// (for example <c>interleaved-thinking-2025-05-14</c>).</summary>
    public IList<string> BetaFeatures { get; set; } = [];

    /// <summary>Gets or sets how a JSON-schema <c>ResponseFormat</c> is requested.</summary>
    /// <value>The default is <see cref="AnthropicStructuredOutputMode.Auto"/>.</value>
    public AnthropicStructuredOutputMode StructuredOutputMode { get; set; } = AnthropicStructuredOutputMode.Auto;
}

/// <summary>How <see cref="AnthropicChatClient"/> asks for output that follows a JSON schema.</summary>
public enum AnthropicStructuredOutputMode
{
    /// <summary>Native structured output (<c>output_config.format</c>), except for models known not to support it
    /// (the Claude 3 family and the first Claude 4 Sonnet/Opus releases), which use a forced tool call.</summary>
    Auto,

    /// <summary>Always use <c>output_config.format</c>.</summary>
    Native,

    /// <summary>Always use a forced call of a tool whose input schema is the requested schema; the tool input is
    /// returned as the response text.</summary>
    ToolCall,
}
