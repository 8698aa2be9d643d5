using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Microsoft.Extensions.AI;

/// <summary>
/// Writes the JSON payloads of the GenAI semantic conventions (<c>gen_ai.input.messages</c>,
/// <c>gen_ai.output.messages</c>, <c>gen_ai.system_instructions</c>, <c>gen_ai.tool.definitions</c>).
/// </summary>
internal static class GenAIMessageSerializer
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string SerializeMessages(IEnumerable<ChatMessage> messages, ChatFinishReason? finishReason, JsonSerializerOptions serializerOptions) =>
        Write(writer =>
        {
            writer.WriteStartArray();
            foreach (var message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", MapRole(message.Role));
                if (message.AuthorName is { } name)
                {
                    writer.WriteString("name", name);
                }

                writer.WriteStartArray("parts");
                foreach (var content in message.Contents)
                {
                    WritePart(writer, content, serializerOptions);
                }

                writer.WriteEndArray();
                if (finishReason is { } reason)
                {
                    writer.WriteString("finish_reason", MapFinishReason(reason));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    public static string SerializeInstructions(string instructions) =>
        Write(writer =>
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("content", instructions);
            writer.WriteEndObject();
            writer.WriteEndArray();
        });

    public static string SerializeToolDefinitions(IEnumerable<AITool> tools, bool includeDetails) =>
        Write(writer =>
        {
            writer.WriteStartArray();
            foreach (var tool in tools)
            {
                writer.WriteStartObject();
                if (tool is AIFunctionDeclaration function)
                {
                    writer.WriteString("type", "function");
                    writer.WriteString("name", function.Name);
                    if (includeDetails)
                    {
                        if (!string.IsNullOrEmpty(function.Description))
                        {
                            writer.WriteString("description", function.Description);
                        }

                        writer.WritePropertyName("parameters");
                        function.JsonSchema.WriteTo(writer);
                    }
                }
                else
                {
                    writer.WriteString("type", tool.Name);
                    writer.WriteString("name", tool.Name);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    public static string MapRole(ChatRole role)
    {
        if (role == ChatRole.Assistant)
        {
            return "assistant";
        }

        if (role == ChatRole.Tool)
        {
            return "tool";
        }

        if (role == ChatRole.System || role.Value == "developer")
        {
            return "system";
        }

        return "user";
    }

    public static string MapFinishReason(ChatFinishReason reason)
    {
        if (reason == ChatFinishReason.Length)
        {
            return "length";
        }

        if (reason == ChatFinishReason.ContentFilter)
        {
            return "content_filter";
        }

        if (reason == ChatFinishReason.ToolCalls)
        {
            return "tool_call";
        }

        return "stop";
    }

    private static void WritePart(Utf8JsonWriter writer, AIContent content, JsonSerializerOptions serializerOptions)
    {
        writer.WriteStartObject();
        switch (content)
        {
            case TextReasoningContent reasoning:
                writer.WriteString("type", "reasoning");
                writer.WriteString("content", reasoning.Text);
                break;

            case TextContent text:
                writer.WriteString("type", "text");
                writer.WriteString("content", text.Text);
                break;

            case FunctionCallContent call:
                writer.WriteString("type", "tool_call");
                writer.WriteString("id", call.CallId);
                writer.WriteString("name", call.Name);
                writer.WritePropertyName("arguments");
                WriteValue(writer, call.Arguments, serializerOptions);
                break;

            case FunctionResultContent result:
                writer.WriteString("type", "tool_call_response");
                writer.WriteString("id", result.CallId);
                writer.WritePropertyName("response");
                WriteValue(writer, result.Result, serializerOptions);
                break;

            case DataContent data:
                writer.WriteString("type", "blob");
                writer.WriteString("content", Convert.ToBase64String(data.Data.Span));
                writer.WriteString("mime_type", data.MediaType);
                WriteModality(writer, data.MediaType);
                break;

            case UriContent uri:
                writer.WriteString("type", "uri");
                writer.WriteString("uri", uri.Uri.ToString());
                writer.WriteString("mime_type", uri.MediaType);
                WriteModality(writer, uri.MediaType);
                break;

            case HostedFileContent file:
                writer.WriteString("type", "file");
                writer.WriteString("file_id", file.FileId);
                if (file.MediaType is { } fileMediaType)
                {
                    writer.WriteString("mime_type", fileMediaType);
                    WriteModality(writer, fileMediaType);
                }

                break;

            case HostedVectorStoreContent vectorStore:
                writer.WriteString("type", "vector_store");
                writer.WriteString("content", vectorStore.VectorStoreId);
                break;

            case ErrorContent error:
                writer.WriteString("type", "error");
                writer.WriteString("content", error.Message);
                break;

            default:
                writer.WriteString("type", content.GetType().FullName);
                writer.WritePropertyName("content");
                WriteValue(writer, content, serializerOptions, emptyObjectOnNull: true);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteModality(Utf8JsonWriter writer, string mediaType)
    {
        string? modality =
            mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? "image" :
            mediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? "audio" :
            mediaType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) ? "video" : null;
        if (modality is not null)
        {
            writer.WriteString("modality", modality);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions serializerOptions, bool emptyObjectOnNull = false)
    {
        if (value is null)
        {
            if (emptyObjectOnNull)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNullValue();
            }

            return;
        }

        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(value, serializerOptions.GetTypeInfo(value.GetType()));
            writer.WriteRawValue(bytes, skipInputValidation: true);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            // A value the serializer cannot handle must not break the call being traced.
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
