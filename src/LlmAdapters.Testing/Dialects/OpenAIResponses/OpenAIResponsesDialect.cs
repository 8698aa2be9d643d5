using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using LlmAdapters.Testing.Dialects.OpenAI;

namespace LlmAdapters.Testing.Dialects.OpenAIResponses;

/// <summary>
/// The OpenAI Responses dialect, also spoken by Azure OpenAI and xAI: <c>POST …/responses</c> under any prefix
/// (<c>/v1/</c>, <c>/openai/v1/</c>, or Azure's <c>/openai/responses?api-version=…</c>).
/// </summary>
/// <remarks>
/// <para>Validation, as the real API does it: a key in <c>Authorization: Bearer …</c> or <c>api-key</c> (401 otherwise, or when it
/// differs from <see cref="ProviderEmulatorOptions.ExpectedApiKey"/>); a well-formed JSON body and a <c>model</c> (400).</para>
/// <para><see cref="ScriptedReply"/> rendering: reasoning as a <c>reasoning</c> item (its signature as <c>encrypted_content</c>),
/// text and refusals as one <c>message</c> item, tool calls as <c>function_call</c> items; a <c>length</c> finish reason makes the
/// response <c>incomplete</c> with <c>max_output_tokens</c>, <c>content_filter</c> with <c>content_filter</c>. Streams send the
/// recorded event order (<c>response.created</c>, <c>response.in_progress</c>, per item <c>output_item.added</c>, its parts and
/// deltas — one per <see cref="ScriptedReply.ChunksPerPart"/> piece — and <c>output_item.done</c>, then
/// <c>response.completed</c>, or <c>response.incomplete</c>, unless <see cref="ScriptedReply.OmitStreamTerminator"/>), each as an
/// <c>event:</c> line and a <c>data:</c> line with a growing <c>sequence_number</c>.</para>
/// <para>Dialect property keys on <see cref="ScriptedReply.Properties"/>: <see cref="StreamErrorKey"/>, <see cref="DoneSentinelKey"/>.</para>
/// </remarks>
public sealed partial class OpenAIResponsesDialect : ProviderDialect
{
    /// <summary>Property (<see cref="string"/>): after the content events, send an <c>error</c> event with this message (code from
    /// <see cref="ScriptedReply.ErrorCode"/>, default <c>server_error</c>) and then <c>response.failed</c>.</summary>
    public const string StreamErrorKey = "openai-responses.stream_error";

    /// <summary>Property (<see cref="bool"/>): end the stream with <c>data: [DONE]</c> after the terminal event, as Open Responses servers do.</summary>
    public const string DoneSentinelKey = "openai-responses.done_sentinel";

    private static long s_counter;

    /// <inheritdoc />
    public override string Name => "openai-responses";

    /// <inheritdoc />
    public override bool CanHandle(CapturedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Method == "POST" && request.Path.TrimEnd('/').EndsWith("/responses", StringComparison.Ordinal);
    }

    /// <inheritdoc />
    protected override DialectResponse? Authenticate(EmulatorExchange exchange) => OpenAIDialect.AuthenticateKey(exchange);

    /// <inheritdoc />
    protected override DialectResponse? Validate(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (exchange.BodyObject is not { } body)
        {
            return new DialectResponse(400, OpenAIDialect.ErrorJson("We could not parse the JSON body of your request.", "invalid_request_error", null, null));
        }

        return body["model"] is not JsonValue
            ? new DialectResponse(400, OpenAIDialect.ErrorJson("Missing required parameter: 'model'.", "invalid_request_error", "model", "missing_required_parameter"))
            : null;
    }

    /// <inheritdoc />
    protected override bool ErrorRendersInStream(ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Properties.ContainsKey(StreamErrorKey);
    }

    /// <inheritdoc />
    protected override bool IsStreaming(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return exchange.BodyObject?["stream"]?.GetValueKind() == JsonValueKind.True;
    }

    /// <inheritdoc />
    protected override DialectResponse RenderError(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var status = reply.ErrorStatus!.Value;
        return new DialectResponse(status, OpenAIDialect.ErrorJson(reply.ErrorMessage ?? OpenAIDialect.DefaultMessage(status), reply.ErrorType ?? DefaultType(status), null, reply.ErrorCode));
    }

    /// <inheritdoc />
    protected override string RenderWhole(EmulatorExchange exchange, ScriptedReply reply)
    {
        var context = Context(exchange, reply);
        return RenderResponse(context, "completed", Output(context)).ToJsonString();
    }

    /// <inheritdoc />
    protected override IEnumerable<string> RenderFrames(EmulatorExchange exchange, ScriptedReply reply) =>
        RenderStream(Context(exchange, reply));

    private static RenderContext Context(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        var body = exchange.BodyObject!;
        var model = reply.Model ?? body["model"]!.GetValue<string>();
        return new RenderContext(reply, model, NewId(reply), exchange.Emulator.TimeProvider.GetUtcNow().ToUnixTimeSeconds(), body);
    }

    private static string NewId(ScriptedReply reply) =>
        reply.ResponseId ?? "resp_emu" + Interlocked.Increment(ref s_counter).ToString("x8", CultureInfo.InvariantCulture);

    private static string DefaultType(int status) => status switch
    {
        429 => "requests",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    /// <summary>What one rendering needs: the reply, the model, the response id and creation time, the request body.</summary>
    private sealed record RenderContext(ScriptedReply Reply, string Model, string Id, long Created, JsonObject Request);
}
