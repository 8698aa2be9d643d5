using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.OpenAI.Wire;

internal sealed class EmbeddingRequest
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("input")]
    public IList<string> Input { get; set; } = [];

    [JsonPropertyName("dimensions")]
    public int? Dimensions { get; set; }

    [JsonPropertyName("encoding_format")]
    public string? EncodingFormat { get; set; }
}

internal sealed class EmbeddingResponse
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("data")]
    public List<WireEmbedding>? Data { get; set; }

    [JsonPropertyName("usage")]
    public WireUsage? Usage { get; set; }
}

internal sealed class WireEmbedding
{
    [JsonPropertyName("index")]
    public int Index { get; set; }

    [JsonPropertyName("embedding")]
    [JsonConverter(typeof(EmbeddingVectorConverter))]
    public float[]? Embedding { get; set; }
}

/// <summary>
/// Reads an embedding written either as a float array or (with <c>encoding_format: base64</c>) as base64 of
/// little-endian float32 values, decoding straight into the result array.
/// </summary>
internal sealed class EmbeddingVectorConverter : JsonConverter<float[]>
{
    public override float[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return DecodeBase64(ref reader);
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("An embedding must be an array of numbers or a base64 string.");
        }

        var values = new List<float>(1536);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.GetSingle());
        }

        return [.. values];
    }

    public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var v in value)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }

    internal static float[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 4 != 0)
        {
            throw new JsonException($"A base64 embedding decoded to {bytes.Length} bytes, which is not a whole number of float32 values.");
        }

        var result = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<float, int>(result.AsSpan());
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ints, ints);
        }

        return result;
    }

    private static float[] DecodeBase64(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return FromBytes(reader.GetBytesFromBase64());
        }

        var source = reader.ValueSpan;
        var result = new float[Base64.GetMaxDecodedFromUtf8Length(source.Length) / 4];
        var target = MemoryMarshal.AsBytes(result.AsSpan());
        if (Base64.DecodeFromUtf8(source, target, out _, out var written) != OperationStatus.Done || written % 4 != 0)
        {
            throw new JsonException("An embedding was not valid base64 of float32 values.");
        }

        if (written / 4 != result.Length)
        {
            result = result[..(written / 4)];
        }

        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<float, int>(result.AsSpan());
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ints, ints);
        }

        return result;
    }
}
