using System.Buffers;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace LlmAdapters.Providers;

/// <summary>
/// The one meaning of <c>ChatOptions.RawRepresentationFactory</c> for every provider: the factory may return a
/// <see cref="JsonObject"/> holding request fields. The caller's object wins; the mapped request only fills what it leaves
/// unset. The merge is deep: an object present in both is merged field by field, at every level (so a caller can set
/// <c>generationConfig.temperature</c> and keep the mapped <c>generationConfig.topK</c>); arrays and scalars the caller set
/// are taken whole. A caller who wants to replace a whole nested object leaves the <c>ChatOptions</c> member that maps to
/// it unset. The caller's object is never modified. Any other return value is ignored.
/// </summary>
internal static class RawRequestMerge
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    /// <summary>Serializes <paramref name="request"/>, merged under the caller's fields when <paramref name="raw"/> is a JSON object.</summary>
    public static ByteArrayContent ToContent<TRequest>(TRequest request, JsonTypeInfo<TRequest> typeInfo, object? raw)
    {
        if (raw is not JsonObject caller)
        {
            return Http.ProviderTransport.JsonContent(request, typeInfo);
        }

        var merged = (JsonObject)caller.DeepClone();
        if (JsonSerializer.SerializeToNode(request, typeInfo) is JsonObject mapped)
        {
            FillUnset(merged, mapped);
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            merged.WriteTo(writer);
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    /// <summary>Copies every property of <paramref name="source"/> that <paramref name="target"/> lacks (or holds as null);
    /// objects present in both are merged recursively; any other value already in <paramref name="target"/> wins.</summary>
    public static void FillUnset(JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source.ToArray())
        {
            if (!target.TryGetPropertyValue(name, out var existing) || existing is null)
            {
                source.Remove(name);
                target[name] = value;
            }
            else if (existing is JsonObject targetObject && value is JsonObject sourceObject)
            {
                FillUnset(targetObject, sourceObject);
            }
        }
    }
}
