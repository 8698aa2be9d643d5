using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Testing.Dialects.OpenAI;

namespace LlmAdapters.Testing.Dialects.Cohere;

/// <summary>
/// The Cohere API v2: <c>POST /v2/chat</c> (JSON, or SSE whose <c>event:</c> lines repeat each payload's <c>type</c>) and
/// <c>POST /v2/embed</c>. Requests need <c>Authorization: Bearer</c>; chat needs <c>model</c> and <c>messages</c>; embed needs
/// <c>model</c>, <c>texts</c> (at most 96), <c>input_type</c> and <c>embedding_types</c>. Errors are <c>{"id","message"}</c>.
/// Every response carries an <c>x-debug-trace-id</c> header.
/// </summary>
/// <remarks>
/// Extras read from a <see cref="ScriptedReply"/>: <see cref="ToolPlanProperty"/>, <see cref="BilledInputTokensProperty"/>,
/// <see cref="BilledOutputTokensProperty"/>, <see cref="ErrorEventAfterProperty"/>; from a text <see cref="ScriptedPart"/>:
/// <see cref="CitationsProperty"/>. Usage follows Cohere: <c>tokens</c> are the scripted counts, <c>cached_tokens</c> the
/// scripted cache reads, <c>billed_units</c> the billed properties (the token counts when not set).
/// </remarks>
public sealed partial class CohereDialect : ProviderDialect
{
    /// <summary>On a reply: the tool plan (a <see cref="string"/>) sent before the tool calls, whole and as <c>tool-plan-delta</c> events.</summary>
    public const string ToolPlanProperty = "cohere.tool_plan";

    /// <summary>On a text part: its citations as JSON object texts in Cohere's shape (without <c>content_index</c>, which the
    /// dialect fills), an <see cref="IEnumerable{T}"/> of <see cref="string"/>. Rendered in <c>message.citations</c> and as
    /// <c>citation-start</c>/<c>citation-end</c> events after the part's <c>content-end</c>.</summary>
    public const string CitationsProperty = "cohere.citations";

    /// <summary>On a reply: <c>billed_units.input_tokens</c> (an <see cref="int"/>).</summary>
    public const string BilledInputTokensProperty = "cohere.billed_input_tokens";

    /// <summary>On a reply: <c>billed_units.output_tokens</c> (an <see cref="int"/>).</summary>
    public const string BilledOutputTokensProperty = "cohere.billed_output_tokens";

    /// <summary>On a streamed reply: after this many SSE frames (an <see cref="int"/>), end the stream with a <c>message-end</c>
    /// whose <c>finish_reason</c> is <c>ERROR</c> and whose <c>error</c> is <see cref="ScriptedReply.ErrorMessage"/>.</summary>
    public const string ErrorEventAfterProperty = "cohere.error_event_after_frames";

    /// <summary>The most texts one <c>/v2/embed</c> request accepts, as the real API enforces.</summary>
    public const int MaxEmbedTexts = 96;

    /// <summary>The vector length when an embed request does not set <c>output_dimension</c>.</summary>
    public const int DefaultEmbeddingDimensions = 8;

    /// <inheritdoc />
    public override string Name => "cohere";

    /// <inheritdoc />
    public override bool CanHandle(CapturedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Method == "POST" && request.Path.TrimEnd('/') is "/v2/chat" or "/v2/embed";
    }

    /// <inheritdoc />
    protected override DialectResponse? Authenticate(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var authorization = exchange.Request.Header("Authorization");
        var token = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
        if (string.IsNullOrEmpty(token))
        {
            return Rejection(401, "no api key supplied");
        }

        return exchange.Emulator.Options.ExpectedApiKey is { } expected && token != expected ? Rejection(401, "invalid api token") : null;
    }

    /// <inheritdoc />
    protected override DialectResponse? Validate(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return Check(exchange.BodyObject, IsEmbed(exchange.Request)) is { } invalid ? Rejection(invalid.Status, invalid.Message) : null;
    }

    /// <inheritdoc />
    protected override void AddProviderHeaders(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!reply.Headers.ContainsKey("x-debug-trace-id"))
        {
            reply.Headers["x-debug-trace-id"] = Guid.NewGuid().ToString("N");
        }
    }

    /// <inheritdoc />
    protected override bool IsStreaming(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return !IsEmbed(exchange.Request)
            && exchange.BodyObject?["stream"] is JsonValue stream && stream.TryGetValue<bool>(out var streaming) && streaming;
    }

    /// <inheritdoc />
    protected override DialectResponse RenderError(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var status = reply.ErrorStatus!.Value;
        return Rejection(status, reply.ErrorMessage ?? DefaultErrorMessage(status));
    }

    /// <inheritdoc />
    protected override string RenderWhole(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        var body = exchange.BodyObject!;
        return IsEmbed(exchange.Request)
            ? EmbedBody(body, reply)
            : ChatBody(reply, reply.ResponseId ?? Guid.NewGuid().ToString(), Usage(reply, exchange.Request));
    }

    /// <inheritdoc />
    protected override IEnumerable<string> RenderFrames(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        return StreamFrames(reply, reply.ResponseId ?? Guid.NewGuid().ToString(), Usage(reply, exchange.Request));
    }

    private static bool IsEmbed(CapturedRequest request) => request.Path.TrimEnd('/') == "/v2/embed";

    private static DialectResponse Rejection(int status, string message) => new(status, ErrorBody(message));

    private static (int Status, string Message)? Check(JsonObject? json, bool embed)
    {
        if (json is not { } body)
        {
            return (400, "invalid request: the body is not valid JSON.");
        }

        if (body["model"] is not JsonValue)
        {
            return (400, "invalid request: model is required");
        }

        if (!embed)
        {
            return body["messages"] is JsonArray { Count: > 0 } ? null : (400, "invalid request: messages must not be empty");
        }

        if (body["texts"] is not JsonArray texts)
        {
            return (400, "invalid request: texts is required");
        }

        if (texts.Count > MaxEmbedTexts)
        {
            return (400, string.Create(CultureInfo.InvariantCulture, $"invalid request: texts must contain at most {MaxEmbedTexts} items, received {texts.Count}"));
        }

        if (body["input_type"] is not JsonValue)
        {
            return (400, "invalid request: valid input_type must be provided with the provided model");
        }

        return body["embedding_types"] is JsonArray { Count: > 0 } ? null : (400, "invalid request: embedding_types is required");
    }

    private static string DefaultErrorMessage(int status) => status switch
    {
        401 => "invalid api token",
        402 => "Please add or update your payment method.",
        404 => "model not found",
        429 => "You are past the per minute request limit, please wait and try again later.",
        498 => "invalid token",
        499 => "request cancelled",
        >= 500 => "internal server error, this has been reported to our developers",
        _ => "invalid request",
    };

    private static string ErrorBody(string message) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", Guid.NewGuid().ToString());
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    private static string EmbedBody(JsonObject body, ScriptedReply reply)
    {
        var texts = ((JsonArray)body["texts"]!).Select(t => t?.GetValue<string>() ?? string.Empty).ToArray();
        var dimensions = body["output_dimension"] is JsonValue d && d.TryGetValue<int>(out var n) && n > 0 ? n : DefaultEmbeddingDimensions;
        var tokens = reply.Usage?.InputTokens ?? texts.Sum(t => Math.Max(1, t.Length / 4));
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", reply.ResponseId ?? Guid.NewGuid().ToString());
            w.WriteString("response_type", "embeddings_by_type");
            w.WriteStartObject("embeddings");
            w.WriteStartArray("float");
            foreach (var text in texts)
            {
                w.WriteStartArray();
                foreach (var value in OpenAIDialect.DeterministicVector(text, dimensions))
                {
                    w.WriteNumberValue(value);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("texts");
            foreach (var text in texts)
            {
                w.WriteStringValue(text);
            }

            w.WriteEndArray();
            w.WriteStartObject("meta");
            w.WriteStartObject("api_version");
            w.WriteString("version", "2");
            w.WriteEndObject();
            w.WriteStartObject("billed_units");
            w.WriteNumber("input_tokens", tokens);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
