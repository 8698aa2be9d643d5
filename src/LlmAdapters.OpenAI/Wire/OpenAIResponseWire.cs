using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.OpenAI.Wire;

/// <summary>
/// Token usage, flattened from <c>usage</c> and its <c>prompt_tokens_details</c> / <c>completion_tokens_details</c>;
/// providers add fields (OpenRouter <c>cost</c> and <c>cache_write_tokens</c>, DeepSeek <c>prompt_cache_hit_tokens</c>).
/// Read by <see cref="WireUsageConverter"/> without nested objects.
/// </summary>
[JsonConverter(typeof(WireUsageConverter))]
internal sealed class WireUsage
{
    public long? PromptTokens { get; set; }

    public long? CompletionTokens { get; set; }

    public long? TotalTokens { get; set; }

    public long? CachedTokens { get; set; }

    public long? PromptAudioTokens { get; set; }

    public long? CacheWriteTokens { get; set; }

    public long? ReasoningTokens { get; set; }

    public long? CompletionAudioTokens { get; set; }

    public long? PromptCacheHitTokens { get; set; }

    public decimal? Cost { get; set; }
}

/// <summary>Reads a <c>usage</c> object field by field into a flat <see cref="WireUsage"/>.</summary>
internal sealed class WireUsageConverter : JsonConverter<WireUsage>
{
    public static WireUsage ReadUsage(ref Utf8JsonReader reader)
    {
        var usage = new WireUsage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                usage.PromptTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                usage.CompletionTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                usage.TotalTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_cache_hit_tokens"u8))
            {
                usage.PromptCacheHitTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cost"u8))
            {
                reader.Read();
                usage.Cost = reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var cost) ? cost : null;
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                ReadDetails(ref reader, usage, prompt: true);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reader.Read();
                ReadDetails(ref reader, usage, prompt: false);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return usage;
    }

    public override WireUsage? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        return ReadUsage(ref reader);
    }

    public override void Write(Utf8JsonWriter writer, WireUsage value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        Write(writer, "prompt_tokens", value.PromptTokens);
        Write(writer, "completion_tokens", value.CompletionTokens);
        Write(writer, "total_tokens", value.TotalTokens);
        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static void ReadDetails(ref Utf8JsonReader reader, WireUsage usage, bool prompt)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (prompt && reader.ValueTextEquals("cached_tokens"u8))
            {
                usage.CachedTokens = ReadLong(ref reader);
            }
            else if (prompt && reader.ValueTextEquals("cache_write_tokens"u8))
            {
                usage.CacheWriteTokens = ReadLong(ref reader);
            }
            else if (!prompt && reader.ValueTextEquals("reasoning_tokens"u8))
            {
                usage.ReasoningTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("audio_tokens"u8))
            {
                var audio = ReadLong(ref reader);
                if (prompt)
                {
                    usage.PromptAudioTokens = audio;
                }
                else
                {
                    usage.CompletionAudioTokens = audio;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static long? ReadLong(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        reader.Skip();
        return null;
    }
}
