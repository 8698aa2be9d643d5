using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LlmAdapters;

/// <content>Reading the catalog's own JSON format (the embedded <c>models.json</c> and user files).</content>
public sealed partial class ModelCatalog
{
    private const string EmbeddedResourceName = "LlmAdapters.Models.models.json";

    /// <summary>Reads a catalog file in this library's format (see the embedded <c>models.json</c>).</summary>
    /// <param name="utf8Json">The file content.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="FormatException">The content is not a catalog file.</exception>
    public static ModelCatalog Load(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return Empty.MergeJson(utf8Json);
    }

    /// <summary>Returns this catalog with the entries of a JSON file applied on top. The file may be in this library's
    /// format (an object with a <c>models</c> array; fields an entry leaves out keep their current values) or in LiteLLM's
    /// <c>model_prices_and_context_window.json</c> format (whole entries replace current ones).</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The merged catalog.</returns>
    public ModelCatalog MergeFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        return MergeJson(stream);
    }

    /// <summary>Returns this catalog with the entries of a JSON document applied on top (see <see cref="MergeFile"/>).</summary>
    /// <param name="utf8Json">The document.</param>
    /// <returns>The merged catalog.</returns>
    /// <exception cref="FormatException">The content is neither format.</exception>
    public ModelCatalog MergeJson(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var document = Parse(utf8Json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A model catalog file must hold a JSON object: either {\"models\":[…]} or a LiteLLM price map.");
        }

        if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
        {
            return Merge(FromLiteLlm(root, pricesAsOf: null));
        }

        var fileAsOf = ReadDate(root, "pricesAsOf");
        var merged = new List<ModelInfo>(_byId.Values);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < merged.Count; i++)
        {
            index[Key(merged[i].Provider, merged[i].Id)] = i;
        }

        foreach (var entry in models.EnumerateArray())
        {
            var provider = ToCatalogProvider(ReadString(entry, "provider"))
                ?? throw new FormatException("A model catalog entry has no \"provider\".");
            var id = ReadString(entry, "id") ?? throw new FormatException($"A model catalog entry of '{provider}' has no \"id\".");
            var key = Key(provider, id);
            var existing = index.TryGetValue(key, out var at) ? merged[at] : null;
            var info = ReadEntry(entry, existing ?? new ModelInfo { Provider = provider, Id = ModelIdNormalizer.StripPrefix(id) }, fileAsOf);
            if (existing is null)
            {
                index[key] = merged.Count;
                merged.Add(info);
            }
            else
            {
                merged[at] = info;
            }
        }

        return new ModelCatalog(merged, fileAsOf ?? PricesAsOf);
    }

    private static ModelCatalog LoadEmbedded()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{EmbeddedResourceName}' is missing from {typeof(ModelCatalog).Assembly.GetName().Name}.");
        return Load(stream);
    }

    private static JsonDocument Parse(Stream utf8Json)
    {
        try
        {
            return JsonDocument.Parse(utf8Json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The model catalog file is not valid JSON: {ex.Message}", ex);
        }
    }

    private static ModelInfo ReadEntry(JsonElement entry, ModelInfo current, DateOnly? fileAsOf)
    {
        var info = current with
        {
            DisplayName = ReadString(entry, "name") ?? current.DisplayName,
            ContextWindow = ReadInt(entry, "context") ?? current.ContextWindow,
            MaxOutputTokens = ReadInt(entry, "maxOutput") ?? current.MaxOutputTokens,
            Notes = ReadString(entry, "notes") ?? current.Notes,
        };

        if (entry.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Array)
        {
            info = info with { Aliases = [.. aliases.EnumerateArray().Select(a => a.GetString()).OfType<string>()] };
        }

        var caps = info.Capabilities;
        if (entry.TryGetProperty("caps", out var capsElement) && capsElement.ValueKind == JsonValueKind.Array)
        {
            var set = new HashSet<string>(capsElement.EnumerateArray().Select(c => c.GetString()).OfType<string>(), StringComparer.OrdinalIgnoreCase);
            caps = new ModelCapabilities
            {
                Tools = set.Contains("tools"),
                ParallelTools = set.Contains("parallelTools"),
                Vision = set.Contains("vision"),
                Audio = set.Contains("audio"),
                Pdf = set.Contains("pdf"),
                JsonSchema = set.Contains("jsonSchema"),
                Reasoning = set.Contains("reasoning"),
                PromptCaching = set.Contains("promptCaching"),
                Embeddings = set.Contains("embeddings"),
                MinCacheableTokens = caps.MinCacheableTokens,
                EmbeddingDimensions = caps.EmbeddingDimensions,
            };
        }

        caps = caps with
        {
            MinCacheableTokens = ReadInt(entry, "minCacheableTokens") ?? caps.MinCacheableTokens,
            EmbeddingDimensions = ReadInt(entry, "embeddingDimensions") ?? caps.EmbeddingDimensions,
        };
        info = info with { Capabilities = caps };

        if (entry.TryGetProperty("price", out var price) && price.ValueKind == JsonValueKind.Object)
        {
            var asOf = ReadDate(entry, "pricesAsOf") ?? fileAsOf ?? info.Pricing?.AsOf;
            info = info with { Pricing = ReadPricing(price, info.Pricing, asOf) };
        }
        else if (price.ValueKind == JsonValueKind.Null)
        {
            info = info with { Pricing = null };
        }

        return info;
    }

    private static ModelPricing ReadPricing(JsonElement price, ModelPricing? current, DateOnly? asOf)
    {
        var input = ReadDecimal(price, "input") ?? current?.InputPerMillion
            ?? throw new FormatException("A model catalog price has no \"input\".");
        var output = ReadDecimal(price, "output") ?? current?.OutputPerMillion ?? 0m;
        var pricing = new ModelPricing
        {
            InputPerMillion = input,
            OutputPerMillion = output,
            CachedInputPerMillion = ReadDecimal(price, "cachedInput") ?? current?.CachedInputPerMillion,
            CacheWrite5mPerMillion = ReadDecimal(price, "cacheWrite5m") ?? current?.CacheWrite5mPerMillion,
            CacheWrite1hPerMillion = ReadDecimal(price, "cacheWrite1h") ?? current?.CacheWrite1hPerMillion,
            ReasoningPerMillion = ReadDecimal(price, "reasoning") ?? current?.ReasoningPerMillion,
            LongContextThreshold = ReadInt(price, "longContextThreshold") ?? current?.LongContextThreshold,
            LongContext = current?.LongContext,
            AsOf = asOf,
        };

        if (price.TryGetProperty("longContext", out var longContext) && longContext.ValueKind == JsonValueKind.Object)
        {
            pricing = pricing with { LongContext = ReadPricing(longContext, current?.LongContext, asOf) };
        }

        return pricing;
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? ReadInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && d is >= 0 and <= int.MaxValue
            ? (int)d
            : null;

    private static decimal? ReadDecimal(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        return value.TryGetDecimal(out var exact) ? exact : (decimal)value.GetDouble();
    }

    private static DateOnly? ReadDate(JsonElement element, string name) =>
        ReadString(element, name) is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
}
