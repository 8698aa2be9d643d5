using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmAdapters.Testing.Dialects.Anthropic;

/// <summary>
/// The Anthropic Messages API: <c>POST /v1/messages</c> (JSON or SSE with <c>event:</c> lines),
/// <c>POST /v1/messages/count_tokens</c> and <c>GET /v1/models</c> (only with an <c>anthropic-version</c> header, so
/// OpenAI-style model listing on the same path goes to its own dialect). Requests need <c>x-api-key</c> (or
/// <c>Authorization: Bearer</c> plus the <c>oauth-2025-04-20</c> beta flag) and <c>anthropic-version</c>; message
/// requests need <c>model</c> and <c>max_tokens</c>. An API key (<c>sk-ant-api…</c>) is also accepted as a bearer token. Errors use <c>{"type":"error","error":{"type","message"}}</c>.
/// </summary>
/// <remarks>
/// Extras read from a <see cref="ScriptedReply"/>: <see cref="CacheWrite1hProperty"/>, <see cref="ErrorEventAfterProperty"/>,
/// <see cref="ModelsProperty"/>; from a text <see cref="ScriptedPart"/>: <see cref="CitationsProperty"/>.
/// Usage follows Anthropic: <c>input_tokens</c> excludes cache reads and writes.
/// </remarks>
public sealed partial class AnthropicDialect : ProviderDialect
{
    /// <summary>On a text part: the citations, as JSON object texts (for example
    /// <c>{"type":"char_location","cited_text":"…","document_index":0,"document_title":"…","start_char_index":0,"end_char_index":5}</c>),
    /// an <see cref="IEnumerable{T}"/> of <see cref="string"/>. Rendered in <c>citations</c> and as <c>citations_delta</c> events.</summary>
    public const string CitationsProperty = "citations";

    /// <summary>On a reply: how many of the usage's cache-write tokens went to the 1-hour cache (an <see cref="int"/>);
    /// the rest are reported as 5-minute writes.</summary>
    public const string CacheWrite1hProperty = "cache_write_1h_tokens";

    /// <summary>On a streamed reply: after this many SSE frames (an <see cref="int"/>), send an <c>event: error</c> frame
    /// built from <see cref="ScriptedReply.ErrorType"/> (default <c>overloaded_error</c>) and
    /// <see cref="ScriptedReply.ErrorMessage"/>, then end the stream.</summary>
    public const string ErrorEventAfterProperty = "error_event_after_frames";

    /// <summary>On a reply to <c>GET /v1/models</c>: the model ids to list, an <see cref="IEnumerable{T}"/> of <see cref="string"/>.</summary>
    public const string ModelsProperty = "models";

    private const string OAuthBeta = "oauth-2025-04-20";
    private static readonly string[] DefaultModels = ["claude-opus-4-5-20251101", "claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"];

    /// <inheritdoc />
    public override string Name => "anthropic";

    /// <inheritdoc />
    public override bool CanHandle(CapturedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (request.Method == "POST" && request.Path is "/v1/messages" or "/v1/messages/count_tokens")
            || (request.Method == "GET" && request.Path == "/v1/models" && request.Header("anthropic-version") is not null);
    }

    /// <inheritdoc />
    protected override DialectResponse? Authenticate(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var request = exchange.Request;
        var key = request.Header("x-api-key");
        var authorization = request.Header("Authorization");
        string? bearer = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
        if (string.IsNullOrEmpty(key) && string.IsNullOrEmpty(bearer))
        {
            return Rejection(401, "authentication_error", "x-api-key header is required");
        }

        // A bearer token is an OAuth access token and needs the OAuth beta flag, unless it is an API key
        // (recent official SDKs send API keys as bearer tokens).
        if (string.IsNullOrEmpty(key) && !bearer!.StartsWith("sk-ant-api", StringComparison.Ordinal)
            && !(request.Header("anthropic-beta") ?? string.Empty).Split(',').Any(b => b.Trim() == OAuthBeta))
        {
            return Rejection(401, "authentication_error", "OAuth authentication is currently not supported.");
        }

        if (exchange.Emulator.Options.ExpectedApiKey is { } expected && (key ?? bearer) != expected)
        {
            return Rejection(401, "authentication_error", "invalid x-api-key");
        }

        return null;
    }

    /// <inheritdoc />
    protected override DialectResponse? Validate(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var request = exchange.Request;
        if (string.IsNullOrEmpty(request.Header("anthropic-version")))
        {
            return Rejection(400, "invalid_request_error", "anthropic-version: header is required");
        }

        if (request.Method != "POST")
        {
            return null;
        }

        if (exchange.BodyObject is not { } body)
        {
            return Rejection(400, "invalid_request_error", "The request body is not valid JSON.");
        }

        if (body["model"] is null)
        {
            return Rejection(400, "invalid_request_error", "model: Field required");
        }

        if (request.Path == "/v1/messages" && body["max_tokens"] is null)
        {
            return Rejection(400, "invalid_request_error", "max_tokens: Field required");
        }

        return body["messages"] is JsonArray ? null : Rejection(400, "invalid_request_error", "messages: Field required");
    }

    /// <inheritdoc />
    protected override void AddProviderHeaders(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!reply.Headers.ContainsKey("request-id"))
        {
            reply.Headers["request-id"] = "req_" + Guid.NewGuid().ToString("N")[..24];
        }
    }

    /// <inheritdoc />
    protected override bool IsStreaming(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return exchange.Request.Path == "/v1/messages"
            && exchange.BodyObject?["stream"] is JsonValue stream && stream.TryGetValue<bool>(out var streaming) && streaming;
    }

    /// <inheritdoc />
    protected override DialectResponse RenderError(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var status = reply.ErrorStatus!.Value;
        return Rejection(status, reply.ErrorType ?? DefaultErrorType(status), reply.ErrorMessage ?? "Scripted error.");
    }

    /// <inheritdoc />
    protected override string RenderWhole(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        var request = exchange.Request;
        if (request.Method == "GET")
        {
            return ModelsBody(reply);
        }

        if (request.Path.EndsWith("/count_tokens", StringComparison.Ordinal))
        {
            var tokens = reply.Usage?.InputTokens ?? Math.Max(1, request.Body.Length / 4);
            return string.Create(CultureInfo.InvariantCulture, $"{{\"input_tokens\":{tokens}}}");
        }

        return MessageBody(reply, Id(reply), Model(exchange, reply), Usage(reply, request));
    }

    /// <inheritdoc />
    protected override IEnumerable<string> RenderFrames(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        return StreamFrames(reply, Id(reply), Model(exchange, reply), Usage(reply, exchange.Request));
    }

    private static DialectResponse Rejection(int status, string type, string message) => new(status, ErrorBody(type, message));

    private static string Model(EmulatorExchange exchange, ScriptedReply reply) =>
        reply.Model ?? exchange.BodyObject?["model"]?.GetValue<string>() ?? "claude-sonnet-4-5";

    private static string Id(ScriptedReply reply) => reply.ResponseId ?? "msg_" + Guid.NewGuid().ToString("N")[..24];

    private static string DefaultErrorType(int status) => status switch
    {
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    private static string ErrorBody(string type, string message) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "error");
        w.WriteStartObject("error");
        w.WriteString("type", type);
        w.WriteString("message", message);
        w.WriteEndObject();
        w.WriteString("request_id", "req_emulator");
        w.WriteEndObject();
    });

    private static string ModelsBody(ScriptedReply reply)
    {
        var ids = reply.Properties.TryGetValue(ModelsProperty, out var value) && value is IEnumerable<string> listed ? listed.ToArray() : DefaultModels;
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var id in ids)
            {
                w.WriteStartObject();
                w.WriteString("type", "model");
                w.WriteString("id", id);
                w.WriteString("display_name", id);
                w.WriteString("created_at", "2025-09-29T00:00:00Z");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("has_more", false);
            w.WriteString("first_id", ids.FirstOrDefault());
            w.WriteString("last_id", ids.LastOrDefault());
            w.WriteEndObject();
        });
    }

    private static WireUsageCounts Usage(ScriptedReply reply, CapturedRequest request)
    {
        var scripted = reply.Usage;
        var cacheRead = scripted?.CachedInputTokens ?? 0;
        var cacheWrite = scripted?.CacheWriteTokens ?? 0;
        var write1h = reply.Properties.TryGetValue(CacheWrite1hProperty, out var h) && h is int oneHour ? oneHour : 0;
        var input = scripted?.InputTokens ?? Math.Max(1, request.Body.Length / 4);
        var output = scripted?.OutputTokens ?? Math.Max(1, reply.Parts.Sum(p => (p.Text?.Length ?? 0) + (p.ArgumentsJson?.Length ?? 0)) / 4);
        return new WireUsageCounts(Math.Max(0, input - cacheRead - cacheWrite), output, cacheRead, cacheWrite, cacheWrite - write1h, write1h, scripted?.ReasoningTokens);
    }

    private static string StopReason(ScriptedReply reply) =>
        reply.FinishReason
        ?? (reply.Parts.Any(p => p.Kind == ScriptedPartKind.ToolCall) ? "tool_use"
            : reply.Parts.Any(p => p.Kind == ScriptedPartKind.Refusal) ? "refusal"
            : "end_turn");

    private static string MessageBody(ScriptedReply reply, string id, string model, WireUsageCounts usage) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", model);
        w.WriteStartArray("content");
        foreach (var part in reply.Parts)
        {
            if (part.Kind == ScriptedPartKind.ProviderBlock)
            {
                w.WriteRawValue(part.Text!);
                continue;
            }

            w.WriteStartObject();
            switch (part.Kind)
            {
                case ScriptedPartKind.Reasoning:
                    w.WriteString("type", "thinking");
                    w.WriteString("thinking", part.Text);
                    w.WriteString("signature", part.Signature ?? DefaultSignature(part));
                    break;
                case ScriptedPartKind.RedactedReasoning:
                    w.WriteString("type", "redacted_thinking");
                    w.WriteString("data", part.Text);
                    break;
                case ScriptedPartKind.ToolCall:
                    w.WriteString("type", "tool_use");
                    w.WriteString("id", part.CallId);
                    w.WriteString("name", part.Name);
                    w.WritePropertyName("input");
                    w.WriteRawValue(string.IsNullOrWhiteSpace(part.ArgumentsJson) ? "{}" : part.ArgumentsJson);
                    break;
                default:
                    w.WriteString("type", "text");
                    w.WriteString("text", part.Text);
                    var citations = Citations(part);
                    if (citations.Count > 0)
                    {
                        w.WriteStartArray("citations");
                        foreach (var citation in citations)
                        {
                            w.WriteRawValue(citation);
                        }

                        w.WriteEndArray();
                    }
                    else
                    {
                        w.WriteNull("citations");
                    }

                    break;
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("stop_reason", StopReason(reply));
        w.WriteNull("stop_sequence");
        WriteUsage(w, usage, usage.Output);
        w.WriteEndObject();
    });

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private readonly record struct WireUsageCounts(int Input, int Output, int CacheRead, int CacheWrite, int CacheWrite5m, int CacheWrite1h, int? Thinking);
}
