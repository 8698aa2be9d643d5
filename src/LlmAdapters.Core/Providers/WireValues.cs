using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// Conversions of provider values that are valid JSON but that a .NET or Microsoft.Extensions.AI constructor would
/// reject: each returns null (or a tolerant result) instead of throwing, so odd bytes are mapped, not crashed on.
/// </summary>
internal static class WireValues
{
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>A Unix time in seconds as a date; null for zero, negative or beyond year 9999.</summary>
    public static DateTimeOffset? UnixSeconds(long seconds) =>
        seconds > 0 && seconds <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>A finish reason the provider did not name in a table; null for empty or blank (the MEAI constructor rejects them).</summary>
    public static ChatFinishReason? FinishReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? null : new ChatFinishReason(reason);

    /// <summary>
    /// Parses JSON into nodes where a repeated property name keeps its last value (as most JSON parsers do), instead of
    /// the <see cref="ArgumentException"/> <see cref="JsonObject"/> raises when it meets the duplicate.
    /// </summary>
    public static JsonNode? ParseLastWins(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ToNode(document.RootElement);
    }

    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = ToNode(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToNode(item));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }
}
