using System;
using System.Collections.Generic;

namespace LlmAdapters.OpenAI;

/// <summary>The OpenAI-compatible providers this adapter knows, with their endpoints, key variables and quirks.</summary>
public static class OpenAIPresets
{
    /// <summary>Gets OpenAI itself (<c>OPENAI_API_KEY</c>).</summary>
    public static OpenAIPreset OpenAI { get; } = new(
        "openai", "OpenAI", new Uri("https://api.openai.com/v1/"), "OPENAI_API_KEY", "openai", "gpt-4.1-mini", "text-embedding-3-small", null);

    /// <summary>Gets Groq (<c>GROQ_API_KEY</c>): rejects <c>logprobs</c> and <c>messages[].name</c>; sends tool calls whole.</summary>
    public static OpenAIPreset Groq { get; } = new(
        "groq", "Groq", new Uri("https://api.groq.com/openai/v1/"), "GROQ_API_KEY", "groq", "llama-3.3-70b-versatile", null,
        c =>
        {
            c.SupportsLogprobs = false;
            c.SupportsMessageName = false;
        });

    /// <summary>Gets OpenRouter (<c>OPENROUTER_API_KEY</c>): attribution headers, <c>reasoning</c> object, <c>reasoning_details</c>
    /// sent back, <c>usage.cost</c> surfaced as <see cref="AdditionalPropertyKeys.ProviderReportedCost"/>.</summary>
    public static OpenAIPreset OpenRouter { get; } = new(
        "openrouter", "OpenRouter", new Uri("https://openrouter.ai/api/v1/"), "OPENROUTER_API_KEY", "openrouter", "openai/gpt-4.1-mini", "openai/text-embedding-3-small",
        c =>
        {
            c.ReasoningEffortStyle = OpenAIReasoningEffortStyle.ReasoningObject;
            c.ReasoningHistory = OpenAIReasoningHistory.ReasoningDetails;
        });

    /// <summary>Gets DeepSeek (<c>DEEPSEEK_API_KEY</c>): <c>reasoning_content</c> kept on tool-call turns; <c>max_tokens</c>.</summary>
    public static OpenAIPreset DeepSeek { get; } = new(
        "deepseek", "DeepSeek", new Uri("https://api.deepseek.com/v1/"), "DEEPSEEK_API_KEY", "deepseek", "deepseek-chat", null,
        c =>
        {
            c.UseMaxTokens = true;
            c.ReasoningEffortStyle = OpenAIReasoningEffortStyle.None;
            c.ReasoningHistory = OpenAIReasoningHistory.ReasoningContentOnToolCallTurns;
        });

    /// <summary>Gets Mistral (<c>MISTRAL_API_KEY</c>): <c>tool_choice: any</c>, <c>random_seed</c>, <c>max_tokens</c>, whole tool-call chunks.</summary>
    public static OpenAIPreset Mistral { get; } = new(
        "mistral", "Mistral", new Uri("https://api.mistral.ai/v1/"), "MISTRAL_API_KEY", "mistral_ai", "mistral-small-latest", "mistral-embed",
        c =>
        {
            c.UseMaxTokens = true;
            c.RequiredToolChoice = "any";
            c.SeedParameterName = "random_seed";
            c.SupportsLogprobs = false;
            c.SendStreamOptions = false;
            c.ReasoningEffortStyle = OpenAIReasoningEffortStyle.None;
        });

    /// <summary>Gets xAI (<c>XAI_API_KEY</c>): reasoning tokens are reported outside <c>completion_tokens</c>.</summary>
    public static OpenAIPreset XAI { get; } = new(
        "xai", "xAI", new Uri("https://api.x.ai/v1/"), "XAI_API_KEY", "x_ai", "grok-4", null,
        c => c.ReasoningTokensExcludedFromCompletion = true);

    /// <summary>Gets Together AI (<c>TOGETHER_API_KEY</c>).</summary>
    public static OpenAIPreset Together { get; } = new(
        "together", "Together AI", new Uri("https://api.together.xyz/v1/"), "TOGETHER_API_KEY", "together_ai", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "BAAI/bge-base-en-v1.5",
        c => c.UseMaxTokens = true);

    /// <summary>Gets a local LM Studio server (<c>http://localhost:1234/v1</c>, no key).</summary>
    public static OpenAIPreset LMStudio { get; } = new(
        "lmstudio", "LM Studio", new Uri("http://localhost:1234/v1/"), null, "lmstudio", "local-model", "text-embedding-nomic-embed-text-v1.5",
        c =>
        {
            c.UseMaxTokens = true;
            c.EmbeddingsAsBase64 = false;
        });

    /// <summary>Gets a local Ollama server's OpenAI-compatible API (<c>http://localhost:11434/v1</c>, no key; no <c>tool_choice</c>, no logprobs).</summary>
    public static OpenAIPreset Ollama { get; } = new(
        "ollama", "Ollama", new Uri("http://localhost:11434/v1/"), null, "ollama", "llama3.2", "nomic-embed-text",
        c =>
        {
            c.UseMaxTokens = true;
            c.SupportsToolChoice = false;
            c.SupportsLogprobs = false;
            c.EmbeddingsAsBase64 = false;
        });

    /// <summary>Gets every preset, OpenAI first.</summary>
    public static IReadOnlyList<OpenAIPreset> All { get; } = [OpenAI, Groq, OpenRouter, DeepSeek, Mistral, XAI, Together, LMStudio, Ollama];

    /// <summary>Finds a preset by <see cref="OpenAIPreset.Name"/> (case-insensitive).</summary>
    /// <param name="name">The name, for example <c>groq</c>.</param>
    /// <param name="preset">The preset, when found.</param>
    /// <returns>Whether a preset has that name.</returns>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OpenAIPreset? preset)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                preset = candidate;
                return true;
            }
        }

        preset = null;
        return false;
    }
}
