using System;

namespace LlmAdapters.Middleware;

/// <summary>What happens to reasoning blocks when a conversation moves to a different provider.</summary>
public enum ReasoningHandoff
{
    /// <summary>Remove them (the safe choice: no provider accepts another provider's signed reasoning).</summary>
    Drop,

    /// <summary>Keep the reasoning text as <c>TextReasoningContent</c> without its provider signature.</summary>
    KeepUnsigned,

    /// <summary>Turn the reasoning text into ordinary <c>TextContent</c> of the assistant turn.</summary>
    ConvertToText,
}

/// <summary>Settings of <see cref="FallbackChatClient"/>.</summary>
public sealed class FallbackOptions
{
    /// <summary>Gets or sets which failures move the call on to the next client.</summary>
    /// <value>The default is any <see cref="ProviderException"/> with <see cref="ProviderException.IsRetryable"/> set, which
    /// includes timeouts and open circuits (<see cref="CircuitOpenException"/>).</value>
    public Func<Exception, bool> ShouldFallback { get; set; } = static ex => ex is ProviderException { IsRetryable: true };

    /// <summary>Gets or sets how reasoning produced by another provider is handed over.</summary>
    /// <value>The default is <see cref="ReasoningHandoff.Drop"/>.</value>
    public ReasoningHandoff Reasoning { get; set; } = ReasoningHandoff.Drop;

    /// <summary>Gets or sets a value indicating whether <c>ChatOptions.ModelId</c> is cleared for fallback clients, so each
    /// uses its own default model instead of a model id only the first provider knows.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool ClearModelIdForFallbacks { get; set; } = true;
}
