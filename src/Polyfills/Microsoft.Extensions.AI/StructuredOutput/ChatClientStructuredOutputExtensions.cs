using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.Extensions.AI;

/// <summary>Requests a response that conforms to the JSON schema of a .NET type and reads it back as that type.</summary>
public static class ChatClientStructuredOutputExtensions
{
    private const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Sends messages and asks for a result of type <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type of the structured result.</typeparam>
    /// <param name="chatClient">The client.</param>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The request options; copied, never changed.</param>
    /// <param name="useJsonSchemaResponseFormat">
    /// Whether to send the schema as the response format (the default), or to ask for plain JSON and describe the schema in an added user message.
    /// </param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>The response with its typed result.</returns>
    public static Task<ChatResponse<T>> GetResponseAsync<T>(
        this IChatClient chatClient, IEnumerable<ChatMessage> messages, ChatOptions? options = null, bool? useJsonSchemaResponseFormat = null, CancellationToken cancellationToken = default) =>
        GetResponseAsync<T>(chatClient, messages, AIJsonUtilities.DefaultOptions, options, useJsonSchemaResponseFormat, cancellationToken);

    /// <summary>Sends one user message and asks for a result of type <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type of the structured result.</typeparam>
    /// <param name="chatClient">The client.</param>
    /// <param name="chatMessage">The text of the user message.</param>
    /// <param name="options">The request options; copied, never changed.</param>
    /// <param name="useJsonSchemaResponseFormat">Whether to send the schema as the response format (the default) or in an added user message.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>The response with its typed result.</returns>
    public static Task<ChatResponse<T>> GetResponseAsync<T>(
        this IChatClient chatClient, string chatMessage, ChatOptions? options = null, bool? useJsonSchemaResponseFormat = null, CancellationToken cancellationToken = default) =>
        GetResponseAsync<T>(chatClient, new ChatMessage(ChatRole.User, chatMessage), options, useJsonSchemaResponseFormat, cancellationToken);

    /// <summary>Sends one message and asks for a result of type <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type of the structured result.</typeparam>
    /// <param name="chatClient">The client.</param>
    /// <param name="chatMessage">The message.</param>
    /// <param name="options">The request options; copied, never changed.</param>
    /// <param name="useJsonSchemaResponseFormat">Whether to send the schema as the response format (the default) or in an added user message.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>The response with its typed result.</returns>
    public static Task<ChatResponse<T>> GetResponseAsync<T>(
        this IChatClient chatClient, ChatMessage chatMessage, ChatOptions? options = null, bool? useJsonSchemaResponseFormat = null, CancellationToken cancellationToken = default) =>
        GetResponseAsync<T>(chatClient, [chatMessage], options, useJsonSchemaResponseFormat, cancellationToken);

    /// <summary>Sends one user message and asks for a result of type <typeparamref name="T"/>, using the given serializer options.</summary>
    /// <typeparam name="T">The type of the structured result.</typeparam>
    /// <param name="chatClient">The client.</param>
    /// <param name="chatMessage">The text of the user message.</param>
    /// <param name="serializerOptions">The options that produce the schema and read the result.</param>
    /// <param name="options">The request options; copied, never changed.</param>
    /// <param name="useJsonSchemaResponseFormat">Whether to send the schema as the response format (the default) or in an added user message.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>The response with its typed result.</returns>
    public static Task<ChatResponse<T>> GetResponseAsync<T>(
        this IChatClient chatClient, string chatMessage, JsonSerializerOptions serializerOptions, ChatOptions? options = null, bool? useJsonSchemaResponseFormat = null, CancellationToken cancellationToken = default) =>
        GetResponseAsync<T>(chatClient, new ChatMessage(ChatRole.User, chatMessage), serializerOptions, options, useJsonSchemaResponseFormat, cancellationToken);

    /// <summary>Sends one message and asks for a result of type <typeparamref name="T"/>, using the given serializer options.</summary>
    /// <typeparam name="T">The type of the structured result.</typeparam>
    /// <param name="chatClient">The client.</param>
    /// <param name="chatMessage">The message.</param>
    /// <param name="serializerOptions">The options that produce the schema and read the result.</param>
    /// <param name="options">The request options; copied, never changed.</param>
    /// <param name="useJsonSchemaResponseFormat">Whether to send the schema as the response format (the default) or in an added user message.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>The response with its typed result.</returns>
    public static Task<ChatResponse<T>> GetResponseAsync<T>(
        this IChatClient chatClient, ChatMessage chatMessage, JsonSerializerOptions serializerOptions, ChatOptions? options = null, bool? useJsonSchemaResponseFormat = null, CancellationToken cancellationToken = default) =>
        GetResponseAsync<T>(chatClient, [chatMessage], serializerOptions, options, useJsonSchemaResponseFormat, cancellationToken);

    /// <summary>Sends messages and asks for a result of type <typeparamref name="T"/>, using the given serializer options.</summary>
    /// <typeparam name="T">The type of the structured result.</typeparam>
    /// <param name="chatClient">The client.</param>
    /// <param name="messages">The conversation.</param>
    /// <param name="serializerOptions">The options that produce the schema and read the result.</param>
    /// <param name="options">The request options; copied, never changed.</param>
    /// <param name="useJsonSchemaResponseFormat">Whether to send the schema as the response format (the default) or in an added user message.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>The response with its typed result.</returns>
    public static async Task<ChatResponse<T>> GetResponseAsync<T>(
        this IChatClient chatClient,
        IEnumerable<ChatMessage> messages,
        JsonSerializerOptions serializerOptions,
        ChatOptions? options = null,
        bool? useJsonSchemaResponseFormat = null,
        CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(chatClient);
        _ = Throw.IfNull(messages);
        _ = Throw.IfNull(serializerOptions);

        serializerOptions.MakeReadOnly();

        var format = ChatResponseFormat.ForJsonSchema<T>(serializerOptions);
        var schema = format.Schema ?? throw new InvalidOperationException($"No JSON schema could be created for {typeof(T)}.");

        // Structured-output modes of most providers accept only an object at the root, so other
        // types (numbers, strings, arrays, enums) travel in a "data" property.
        var wrapped = !IsObjectSchema(schema);
        if (wrapped)
        {
            schema = WrapInObject(schema);
            format = ChatResponseFormat.ForJsonSchema(schema, format.SchemaName, format.SchemaDescription);
        }

        options = options?.Clone() ?? new ChatOptions();
        if (useJsonSchemaResponseFormat ?? true)
        {
            options.ResponseFormat = format;
        }
        else
        {
            options.ResponseFormat = ChatResponseFormat.Json;
            messages =
            [
                .. messages,
                new ChatMessage(ChatRole.User, $"Respond with a JSON value conforming to the following schema:\n```\n{schema.GetRawText()}\n```"),
            ];
        }

        var response = await chatClient.GetResponseAsync(messages, options, cancellationToken);
        return new ChatResponse<T>(response, serializerOptions) { IsWrappedInObject = wrapped };
    }

    private static bool IsObjectSchema(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object &&
        schema.TryGetProperty("type", out var type) &&
        type.ValueKind == JsonValueKind.String &&
        type.ValueEquals("object");

    private static JsonElement WrapInObject(JsonElement schema)
    {
        var wrapper = new JsonObject
        {
            ["$schema"] = SchemaDialect,
            ["type"] = "object",
            ["properties"] = new JsonObject { ["data"] = JsonNode.Parse(schema.GetRawText()) },
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("data"),
        };

        using var document = JsonDocument.Parse(wrapper.ToJsonString());
        return document.RootElement.Clone();
    }
}
