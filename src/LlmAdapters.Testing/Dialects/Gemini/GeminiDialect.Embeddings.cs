using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace LlmAdapters.Testing.Dialects.Gemini;

/// <summary>Embeddings: <c>batchEmbedContents</c>, <c>embedContent</c> and Vertex <c>:predict</c>, with deterministic vectors.</summary>
public sealed partial class GeminiDialect
{
    /// <summary>The most requests one <c>batchEmbedContents</c> call accepts, as the real API enforces.</summary>
    public const int BatchEmbedLimit = 100;

    /// <summary>The vector length when a request does not set <c>outputDimensionality</c>.</summary>
    public const int DefaultEmbeddingDimensions = 8;

    /// <summary>The emulator's embedding of <paramref name="text"/>: a deterministic vector derived from its characters.</summary>
    /// <param name="text">The text.</param>
    /// <param name="dimensions">The vector length.</param>
    /// <returns>The vector.</returns>
    public static float[] EmbeddingOf(string text, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[dimensions];
        uint hash = 2166136261;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        for (var i = 0; i < dimensions; i++)
        {
            hash = (hash ^ (uint)i) * 16777619;
            vector[i] = (hash % 2001) / 1000f - 1f;
        }

        return vector;
    }

    private static async Task HandleEmbedAsync(EmulatorExchange exchange, string model, string method, bool vertex)
    {
        var body = exchange.Request.Json as JsonObject;
        switch (method)
        {
            case "batchEmbedContents" when !vertex:
                var requests = body?["requests"] as JsonArray ?? [];
                if (requests.Count > BatchEmbedLimit)
                {
                    await WriteErrorAsync(exchange, 400, "INVALID_ARGUMENT", $"* BatchEmbedContentsRequest.requests: at most {BatchEmbedLimit} requests can be in one batch").ConfigureAwait(false);
                    return;
                }

                var embeddings = new JsonArray();
                foreach (var r in requests)
                {
                    embeddings.Add(new JsonObject { ["values"] = Vector(TextOf(r?["content"]), r?["outputDimensionality"]) });
                }

                await exchange.WriteJsonAsync(200, new JsonObject { ["embeddings"] = embeddings }.ToJsonString()).ConfigureAwait(false);
                return;
            case "embedContent":
                var text = TextOf(body?["content"]);
                var dims = vertex ? body?["embedContentConfig"]?["outputDimensionality"] : body?["outputDimensionality"];
                var response = new JsonObject { ["embedding"] = new JsonObject { ["values"] = Vector(text, dims) } };
                if (vertex)
                {
                    response["usageMetadata"] = new JsonObject { ["promptTokenCount"] = CountTokens(body?["content"]) };
                }

                await exchange.WriteJsonAsync(200, response.ToJsonString()).ConfigureAwait(false);
                return;
            case "predict" when vertex:
                var instances = body?["instances"] as JsonArray ?? [];
                if (model.StartsWith("gemini-embedding-001", StringComparison.Ordinal) && instances.Count > 1)
                {
                    await WriteErrorAsync(exchange, 400, "INVALID_ARGUMENT", "gemini-embedding-001 accepts a single instance per request.").ConfigureAwait(false);
                    return;
                }

                var predictions = new JsonArray();
                foreach (var instance in instances)
                {
                    var content = instance?["content"]?.GetValue<string>() ?? string.Empty;
                    predictions.Add(new JsonObject
                    {
                        ["embeddings"] = new JsonObject
                        {
                            ["values"] = Vector(content, body?["parameters"]?["outputDimensionality"]),
                            ["statistics"] = new JsonObject
                            {
                                ["token_count"] = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
                                ["truncated"] = false,
                            },
                        },
                    });
                }

                await exchange.WriteJsonAsync(200, new JsonObject { ["predictions"] = predictions }.ToJsonString()).ConfigureAwait(false);
                return;
            default:
                await WriteErrorAsync(exchange, 404, "NOT_FOUND", $"models/{model} is not found for API version, or is not supported for {method}.").ConfigureAwait(false);
                return;
        }
    }

    private static string TextOf(JsonNode? content) =>
        string.Concat((content?["parts"] as JsonArray ?? []).Select(p => p?["text"]?.GetValue<string>() ?? string.Empty));

    private static JsonArray Vector(string text, JsonNode? dimensions)
    {
        var n = dimensions is JsonValue v && v.TryGetValue<int>(out var d) && d > 0 ? d : DefaultEmbeddingDimensions;
        return new JsonArray([.. EmbeddingOf(text, n).Select(f => (JsonNode)f)]);
    }
}
