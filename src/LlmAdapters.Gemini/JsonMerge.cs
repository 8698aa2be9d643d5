using System.Text.Json.Nodes;

namespace LlmAdapters.Gemini;

/// <summary>Merges a mapped request into a caller-built one without overwriting anything the caller set.</summary>
internal static class JsonMerge
{
    /// <summary>Copies every property of <paramref name="source"/> that <paramref name="target"/> lacks; objects present in
    /// both are merged recursively; any other value already in <paramref name="target"/> wins.</summary>
    public static void FillUnset(JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source.ToList())
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
