using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Cohere.Wire;

/// <summary>Reads and writes message content as Cohere sends it: a string, or an array of typed parts.</summary>
internal sealed class CohereMessageContentConverter : JsonConverter<CohereMessageContent>
{
    public override CohereMessageContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new CohereMessageContent { Text = reader.GetString() };
            case JsonTokenType.StartArray:
                return new CohereMessageContent { Parts = JsonSerializer.Deserialize(ref reader, CohereJsonContext.Default.ListCohereContentPart) };
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, CohereMessageContent value, JsonSerializerOptions options)
    {
        if (value.Parts is { } parts)
        {
            JsonSerializer.Serialize(writer, parts, CohereJsonContext.Default.ListCohereContentPart);
        }
        else
        {
            writer.WriteStringValue(value.Text ?? string.Empty);
        }
    }
}
