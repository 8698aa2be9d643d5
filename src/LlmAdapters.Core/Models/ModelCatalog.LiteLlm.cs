using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace LlmAdapters;

/// <content>Importing LiteLLM's <c>model_prices_and_context_window.json</c> (prices per single token).</content>
public sealed partial class ModelCatalog
{
    private const decimal TokensPerMillion = 1_000_000m;

    /// <summary>Reads a LiteLLM <c>model_prices_and_context_window.json</c> document. Prices per token become prices per
    /// million tokens; chat, completion, responses and embedding entries are kept, image/audio/rerank entries skipped.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="pricesAsOf">The day the file was taken (the file itself carries no date).</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="FormatException">The content is not a JSON object.</exception>
    public static ModelCatalog ImportLiteLlm(Stream utf8Json, DateOnly? pricesAsOf = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var document = Parse(utf8Json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A LiteLLM price file must hold a JSON object keyed by model name.");
        }

        return FromLiteLlm(document.RootElement, pricesAsOf);
    }

    private static ModelCatalog FromLiteLlm(JsonElement root, DateOnly? pricesAsOf)
    {
        var models = new List<ModelInfo>();
        foreach (var property in root.EnumerateObject())
        {
            var entry = property.Value;
            if (entry.ValueKind != JsonValueKind.Object || property.Name == "sample_spec")
            {
                continue;
            }

            var mode = ReadString(entry, "mode") ?? "chat";
            if (mode is not ("chat" or "completion" or "responses" or "embedding"))
            {
                continue;
            }

            var liteLlmProvider = ReadString(entry, "litellm_provider");
            if (liteLlmProvider is null)
            {
                continue;
            }

            var provider = FromLiteLlmProvider(liteLlmProvider);
            var id = StripLiteLlmPrefix(property.Name, liteLlmProvider);
            models.Add(new ModelInfo
            {
                Provider = provider,
                Id = ModelIdNormalizer.StripPrefix(id),
                ContextWindow = ReadInt(entry, "max_input_tokens") ?? ReadInt(entry, "max_tokens"),
                MaxOutputTokens = ReadInt(entry, "max_output_tokens"),
                Capabilities = new ModelCapabilities
                {
                    Tools = ReadBool(entry, "supports_function_calling"),
                    ParallelTools = ReadBool(entry, "supports_parallel_function_calling"),
                    Vision = ReadBool(entry, "supports_vision"),
                    Audio = ReadBool(entry, "supports_audio_input"),
                    Pdf = ReadBool(entry, "supports_pdf_input"),
                    JsonSchema = ReadBool(entry, "supports_response_schema") || ReadBool(entry, "supports_native_structured_output"),
                    Reasoning = ReadBool(entry, "supports_reasoning"),
                    PromptCaching = ReadBool(entry, "supports_prompt_caching"),
                    MinCacheableTokens = ReadInt(entry, "prompt_cache_min_tokens"),
                    Embeddings = mode == "embedding",
                    EmbeddingDimensions = ReadInt(entry, "output_vector_size"),
                },
                Pricing = ReadLiteLlmPricing(entry, pricesAsOf),
                Notes = ReadString(entry, "source"),
            });
        }

        return new ModelCatalog(models, pricesAsOf);
    }

    private static ModelPricing? ReadLiteLlmPricing(JsonElement entry, DateOnly? asOf)
    {
        var input = PerMillion(entry, "input_cost_per_token");
        if (input is null)
        {
            return null;
        }

        var output = PerMillion(entry, "output_cost_per_token") ?? 0m;
        var reasoning = PerMillion(entry, "output_cost_per_reasoning_token");
        var pricing = new ModelPricing
        {
            InputPerMillion = input.Value,
            OutputPerMillion = output,
            CachedInputPerMillion = PerMillion(entry, "cache_read_input_token_cost"),
            CacheWrite5mPerMillion = PerMillion(entry, "cache_creation_input_token_cost"),
            CacheWrite1hPerMillion = PerMillion(entry, "cache_creation_input_token_cost_above_1hr"),
            ReasoningPerMillion = reasoning == output ? null : reasoning,
            AsOf = asOf,
        };

        if (PerMillion(entry, "input_cost_per_token_above_200k_tokens") is { } longInput)
        {
            pricing = pricing with
            {
                LongContextThreshold = 200_000,
                LongContext = pricing with
                {
                    InputPerMillion = longInput,
                    OutputPerMillion = PerMillion(entry, "output_cost_per_token_above_200k_tokens") ?? output,
                    CachedInputPerMillion = PerMillion(entry, "cache_read_input_token_cost_above_200k_tokens") ?? pricing.CachedInputPerMillion,
                    CacheWrite5mPerMillion = PerMillion(entry, "cache_creation_input_token_cost_above_200k_tokens") ?? pricing.CacheWrite5mPerMillion,
                },
            };
        }

        return pricing;
    }

    private static decimal? PerMillion(JsonElement entry, string name) =>
        ReadDecimal(entry, name) is { } perToken ? decimal.Round(perToken * TokensPerMillion, 6) : null;

    private static bool ReadBool(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string FromLiteLlmProvider(string liteLlmProvider) => liteLlmProvider switch
    {
        "text-completion-openai" => "openai",
        "together_ai" => "together",
        "azure" or "azure_ai" => "azure",
        "gemini" => "gemini",
        _ when liteLlmProvider.StartsWith("vertex_ai", StringComparison.Ordinal) => "vertex",
        _ => ToCatalogProvider(liteLlmProvider) ?? liteLlmProvider,
    };

    private static string StripLiteLlmPrefix(string key, string liteLlmProvider)
    {
        if (key.StartsWith(liteLlmProvider + "/", StringComparison.OrdinalIgnoreCase))
        {
            return key[(liteLlmProvider.Length + 1)..];
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && key[..slash] is "vertex_ai" or "azure" or "azure_ai" or "xai" or "mistral" or "deepseek" or "groq" or "gemini" or "together_ai" or "openrouter")
        {
            return key[(slash + 1)..];
        }

        return key;
    }
}
