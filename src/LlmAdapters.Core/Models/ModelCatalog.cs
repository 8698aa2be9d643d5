using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace LlmAdapters;

/// <summary>
/// Limits, capabilities and prices of models, keyed by <c>provider:model</c>. <see cref="Default"/> holds the dated
/// snapshot embedded in this assembly (<c>models.json</c>); merge a user file or a LiteLLM price file on top with
/// <see cref="MergeFile"/>, <see cref="MergeJson"/> or <see cref="Merge"/>. Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// Lookups accept the catalog provider names (<c>openai</c>, <c>anthropic</c>, <c>gemini</c>, <c>vertex</c>,
/// <c>groq</c>, <c>deepseek</c>, <c>mistral</c>, <c>xai</c>, <c>openrouter</c>, <c>together</c>, <c>azure</c>) as well as
/// the OpenTelemetry names adapters report in <c>ChatClientMetadata.ProviderName</c> (see <see cref="ToCatalogProvider"/>).
/// Dated or aliased model ids (<c>claude-sonnet-4-5-20250929</c>, <c>gpt-4o-2024-08-06</c>, <c>models/gemini-2.5-flash</c>)
/// resolve to their family entry.
/// </remarks>
public sealed partial class ModelCatalog
{
    private static readonly Lazy<ModelCatalog> s_default = new(LoadEmbedded);

    private readonly Dictionary<string, ModelInfo> _byId;
    private readonly Dictionary<string, ModelInfo> _byAlias;

    /// <summary>Initializes a new instance holding <paramref name="models"/>; a later entry with the same
    /// <c>provider:id</c> replaces an earlier one.</summary>
    /// <param name="models">The entries.</param>
    /// <param name="pricesAsOf">The day the prices as a whole were taken, when known.</param>
    public ModelCatalog(IEnumerable<ModelInfo> models, DateOnly? pricesAsOf = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        _byId = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
        _byAlias = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            ArgumentNullException.ThrowIfNull(model);
            _byId[Key(model.Provider, model.Id)] = model;
        }

        foreach (var model in _byId.Values)
        {
            foreach (var alias in model.Aliases)
            {
                _byAlias.TryAdd(Key(model.Provider, alias), model);
            }
        }

        PricesAsOf = pricesAsOf;
    }

    /// <summary>Gets the catalog embedded in this assembly (loaded once, on first use).</summary>
    public static ModelCatalog Default => s_default.Value;

    /// <summary>Gets an empty catalog.</summary>
    public static ModelCatalog Empty { get; } = new([]);

    /// <summary>Gets every entry.</summary>
    public IReadOnlyCollection<ModelInfo> Models => _byId.Values;

    /// <summary>Gets the day the catalog's prices were taken, when the source said.</summary>
    public DateOnly? PricesAsOf { get; }

    /// <summary>Maps a <c>ChatClientMetadata.ProviderName</c> (OpenTelemetry GenAI name) to the catalog provider name.</summary>
    /// <param name="providerName">For example <c>gcp.gemini</c>, <c>x_ai</c> or <c>openai</c>.</param>
    /// <returns>The catalog name (<c>gemini</c>, <c>xai</c>, <c>openai</c>), the lower-cased input when it is not a known
    /// alias, or <see langword="null"/> when the input is empty.</returns>
    public static string? ToCatalogProvider(string? providerName)
    {
        if (string.IsNullOrWhiteSpace(providerName))
        {
            return null;
        }

        var name = providerName.Trim().ToLowerInvariant();
        return name switch
        {
            "gcp.gemini" or "google" or "google_ai_studio" or "gemini" => "gemini",
            "gcp.vertex_ai" or "vertex_ai" or "vertexai" or "vertex" => "vertex",
            "azure.ai.openai" or "azure_openai" or "azure" or "az.ai.openai" => "azure",
            "mistral_ai" or "mistralai" or "mistral" => "mistral",
            "x_ai" or "x-ai" or "xai" or "grok" => "xai",
            "together_ai" or "togetherai" or "together" => "together",
            "aws.bedrock" or "bedrock" => "bedrock",
            _ => name,
        };
    }

    /// <summary>Finds the entry for <paramref name="model"/> of <paramref name="provider"/>.</summary>
    /// <param name="provider">A catalog provider name or a <c>ChatClientMetadata.ProviderName</c>.</param>
    /// <param name="model">The model id, possibly dated or aliased.</param>
    /// <returns>The entry, or <see langword="null"/> when the catalog does not know the model.</returns>
    public ModelInfo? Find(string? provider, string? model) => TryFind(provider, model, out var info) ? info : null;

    /// <summary>Finds the entry for a <c>provider:model</c> spec.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>The entry, or <see langword="null"/>.</returns>
    public ModelInfo? Find(ModelSpec spec) => Find(spec.Provider, spec.Model);

    /// <summary>Tries to find the entry for <paramref name="model"/> of <paramref name="provider"/>.</summary>
    /// <param name="provider">A catalog provider name or a <c>ChatClientMetadata.ProviderName</c>.</param>
    /// <param name="model">The model id, possibly dated or aliased.</param>
    /// <param name="info">The entry.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryFind(string? provider, string? model, [NotNullWhen(true)] out ModelInfo? info)
    {
        info = null;
        var catalogProvider = ToCatalogProvider(provider);
        if (catalogProvider is null || string.IsNullOrWhiteSpace(model))
        {
            return false;
        }

        foreach (var candidateProvider in ProviderCandidates(catalogProvider))
        {
            if (TryFindIn(candidateProvider, model.Trim(), out info))
            {
                return true;
            }
        }

        // Routers name models "vendor/model"; when the router itself has no entry, the vendor's price is the best estimate.
        if (catalogProvider is "openrouter" or "together" && model.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash)
        {
            var vendor = ToCatalogProvider(model[..slash] switch { "google" => "gemini", "meta-llama" => "meta", var v => v });
            var vendorModel = model[(slash + 1)..];
            if (vendor is not null && (TryFindIn(vendor, vendorModel, out info) || TryFindIn(vendor, vendorModel.Replace('.', '-'), out info)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns a catalog holding this catalog's entries with <paramref name="overrides"/>' entries replacing
    /// those with the same <c>provider:id</c>.</summary>
    /// <param name="overrides">The entries that win.</param>
    /// <returns>The merged catalog.</returns>
    public ModelCatalog Merge(ModelCatalog overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return new ModelCatalog(_byId.Values.Concat(overrides._byId.Values), overrides.PricesAsOf ?? PricesAsOf);
    }

    private static IEnumerable<string> ProviderCandidates(string provider)
    {
        yield return provider;
        switch (provider)
        {
            case "vertex":
                // Vertex AI serves the Gemini models at the Gemini API's list prices.
                yield return "gemini";
                break;
            case "azure":
                yield return "openai";
                break;
        }
    }

    private bool TryFindIn(string provider, string model, [NotNullWhen(true)] out ModelInfo? info)
    {
        var id = model;
        for (var round = 0; round < 4; round++)
        {
            if (_byId.TryGetValue(Key(provider, id), out info) || _byAlias.TryGetValue(Key(provider, id), out info))
            {
                return true;
            }

            var shorter = ModelIdNormalizer.StripOneSuffix(id);
            if (shorter == id)
            {
                break;
            }

            id = shorter;
        }

        info = null;
        return false;
    }

    private static string Key(string provider, string id) => string.Concat(ToCatalogProvider(provider), ":", ModelIdNormalizer.StripPrefix(id));
}
