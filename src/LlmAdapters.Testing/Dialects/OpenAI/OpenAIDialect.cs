using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

namespace LlmAdapters.Testing.Dialects.OpenAI;

/// <summary>
/// The OpenAI Chat Completions dialect, also spoken by Azure OpenAI and the OpenAI-compatible servers. Serves
/// <c>POST …/chat/completions</c>, <c>POST …/embeddings</c> and <c>GET …/models</c> under any prefix
/// (<c>/v1/</c>, <c>/openai/v1/</c>, <c>/openai/deployments/{deployment}/…?api-version=…</c>).
/// </summary>
/// <remarks>
/// <para>Validation, as the real API does it: a key in <c>Authorization: Bearer …</c> or <c>api-key</c> (401 otherwise,
/// or when it differs from <see cref="ProviderEmulatorOptions.ExpectedApiKey"/>); a well-formed JSON body (400);
/// <c>model</c> present except on deployment URLs (400); <c>api-version</c> present on deployment URLs (404, as Azure).</para>
/// <para><see cref="ScriptedReply"/> rendering: text as <c>content</c>, reasoning as <c>reasoning_content</c>, tool calls as
/// <c>tool_calls</c>, refusal as <c>refusal</c>; streams send one chunk per <see cref="ScriptedReply.ChunksPerPart"/> piece
/// (tool-call arguments are split the same way), a finish chunk, a usage chunk with <c>choices: []</c> when the request
/// asked for <c>stream_options.include_usage</c>, then <c>data: [DONE]</c> unless <see cref="ScriptedReply.OmitStreamTerminator"/>.</para>
/// <para>Dialect property keys on <see cref="ScriptedReply.Properties"/>: <see cref="WholeToolCallsKey"/>,
/// <see cref="InterleaveToolCallsKey"/>, <see cref="UsageInFinishChunkKey"/>, <see cref="PromptFilterChunkKey"/>,
/// <see cref="ReasoningFieldKey"/>, <see cref="CostKey"/>, <see cref="StreamErrorKey"/>, <see cref="EmbeddingsKey"/>,
/// <see cref="ModelsKey"/>, <see cref="ReasoningOutsideCompletionKey"/>.</para>
/// </remarks>
public sealed partial class OpenAIDialect : ProviderDialect
{
    /// <summary>Property (<see cref="bool"/>): stream each tool call whole in one chunk without <c>index</c> or <c>type</c>, as Mistral does.</summary>
    public const string WholeToolCallsKey = "openai.whole_tool_calls";

    /// <summary>Property (<see cref="bool"/>): stream the argument fragments of parallel tool calls interleaved across indices
    /// (call 0 piece 1, call 1 piece 1, call 0 piece 2 …) after every call has been opened.</summary>
    public const string InterleaveToolCallsKey = "openai.interleave_tool_calls";

    /// <summary>Property (<see cref="bool"/>): put <c>usage</c> on the finish chunk (DeepSeek, Mistral, Groq) instead of a
    /// trailing chunk with empty choices; sent even without <c>include_usage</c>.</summary>
    public const string UsageInFinishChunkKey = "openai.usage_in_finish_chunk";

    /// <summary>Property (<see cref="bool"/>): start the stream with Azure's <c>choices: []</c> chunk carrying <c>prompt_filter_results</c>.</summary>
    public const string PromptFilterChunkKey = "openai.prompt_filter_chunk";

    /// <summary>Property (<see cref="string"/>): the field reasoning text is written to: <c>reasoning_content</c> (default; DeepSeek, xAI)
    /// or <c>reasoning</c> (OpenRouter, Groq, Ollama).</summary>
    public const string ReasoningFieldKey = "openai.reasoning_field";

    /// <summary>Property (<see cref="decimal"/> or <see cref="double"/>): an OpenRouter-style <c>usage.cost</c>.</summary>
    public const string CostKey = "openai.cost";

    /// <summary>Property (<see cref="bool"/>): report reasoning tokens outside <c>completion_tokens</c>, as xAI does.</summary>
    public const string ReasoningOutsideCompletionKey = "openai.reasoning_outside_completion";

    /// <summary>Property (<see cref="string"/>): after the content chunks, send <c>data: {"error":{…}}</c> with this message
    /// (type from <see cref="ScriptedReply.ErrorType"/>, code from <see cref="ScriptedReply.ErrorCode"/>) and end the stream.</summary>
    public const string StreamErrorKey = "openai.stream_error";

    /// <summary>Property (<c>IReadOnlyList&lt;float[]&gt;</c>): the vectors an embeddings request returns, one per input;
    /// without it each vector is <see cref="DeterministicVector"/> of its input.</summary>
    public const string EmbeddingsKey = "openai.embeddings";

    /// <summary>Property (<c>IEnumerable&lt;string&gt;</c>): the model ids <c>GET /models</c> lists.</summary>
    public const string ModelsKey = "openai.models";

    private static long s_counter;

    /// <inheritdoc />
    public override string Name => "openai";

    /// <summary>The vector the emulator returns for an input when none is scripted: stable, input-dependent values.</summary>
    /// <param name="input">The input text.</param>
    /// <param name="dimensions">The vector length.</param>
    /// <returns>The vector.</returns>
    public static float[] DeterministicVector(string input, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(input);
        var seed = 17;
        foreach (var c in input)
        {
            seed = unchecked((seed * 31) + c);
        }

        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = ((Math.Abs(unchecked(seed + (i * 7919))) % 2000) - 1000) / 1000f;
        }

        return vector;
    }

    /// <inheritdoc />
    public override bool CanHandle(CapturedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.TrimEnd('/');
        return request.Method switch
        {
            "POST" => path.EndsWith("/chat/completions", StringComparison.Ordinal) || path.EndsWith("/embeddings", StringComparison.Ordinal),
            "GET" => path.EndsWith("/models", StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <inheritdoc />
    protected override DialectResponse? Validate(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var request = exchange.Request;
        var isDeployment = request.Path.Contains("/deployments/", StringComparison.Ordinal);
        if (isDeployment && !request.Query.Contains("api-version=", StringComparison.Ordinal))
        {
            return new DialectResponse(404, ErrorJson("Resource not found", null, "404", null));
        }

        if (request.Method != "POST")
        {
            return null;
        }

        if (exchange.BodyObject is not { } body)
        {
            return new DialectResponse(400, ErrorJson("We could not parse the JSON body of your request.", "invalid_request_error", null, null));
        }

        return !isDeployment && body["model"] is not JsonValue
            ? new DialectResponse(400, ErrorJson("you must provide a model parameter", "invalid_request_error", "model", null))
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
        return exchange.Request.Method == "POST"
            && !exchange.Request.Path.TrimEnd('/').EndsWith("/embeddings", StringComparison.Ordinal)
            && exchange.BodyObject?["stream"]?.GetValueKind() == JsonValueKind.True;
    }

    /// <inheritdoc />
    protected override DialectResponse RenderError(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var status = reply.ErrorStatus!.Value;
        return new DialectResponse(status, ErrorJson(reply.ErrorMessage ?? DefaultMessage(status), reply.ErrorType ?? DefaultType(status), null, reply.ErrorCode));
    }

    /// <inheritdoc />
    protected override string RenderWhole(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        if (exchange.Request.Method == "GET")
        {
            return RenderModels(reply, exchange);
        }

        return exchange.Request.Path.TrimEnd('/').EndsWith("/embeddings", StringComparison.Ordinal)
            ? RenderEmbeddings(exchange.BodyObject!, reply, Model(exchange, reply))
            : RenderCompletion(reply, Model(exchange, reply), Created(exchange));
    }

    /// <inheritdoc />
    protected override IEnumerable<string> RenderFrames(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        var includeUsage = exchange.BodyObject?["stream_options"]?["include_usage"]?.GetValueKind() == JsonValueKind.True;
        return RenderStream(reply, Model(exchange, reply), includeUsage, Created(exchange));
    }

    internal static string ErrorJson(string message, string? type, string? param, string? code) =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = type,
                ["param"] = param,
                ["code"] = code,
            },
        }.ToJsonString();

    /// <inheritdoc />
    protected override DialectResponse? Authenticate(EmulatorExchange exchange) => AuthenticateKey(exchange);

    /// <summary>The OpenAI key check, shared by the Chat Completions and Responses dialects: a key in
    /// <c>Authorization: Bearer …</c> or <c>api-key</c>, equal to <see cref="ProviderEmulatorOptions.ExpectedApiKey"/> when set.</summary>
    internal static DialectResponse? AuthenticateKey(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var options = exchange.Emulator.Options;
        var request = exchange.Request;
        string? key = null;
        if (request.Header("Authorization") is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = auth["Bearer ".Length..].Trim();
        }
        else if (request.Header("api-key") is { } apiKey)
        {
            key = apiKey.Trim();
        }

        if (string.IsNullOrEmpty(key))
        {
            return new DialectResponse(401, ErrorJson(
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                "invalid_request_error",
                null,
                null));
        }

        if (options.ExpectedApiKey is { } expected && !string.Equals(expected, key, StringComparison.Ordinal))
        {
            return new DialectResponse(401, ErrorJson("Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key"));
        }

        return null;
    }

    private static string? DeploymentName(string path)
    {
        const string marker = "/deployments/";
        var at = path.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = path[(at + marker.Length)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]);
    }

    private static string Model(EmulatorExchange exchange, ScriptedReply reply) =>
        reply.Model ?? exchange.BodyObject?["model"]?.GetValue<string>() ?? DeploymentName(exchange.Request.Path) ?? "gpt-4.1-mini";

    private static long Created(EmulatorExchange exchange) => exchange.Emulator.TimeProvider.GetUtcNow().ToUnixTimeSeconds();

    private static string NewId(ScriptedReply reply) =>
        reply.ResponseId ?? "chatcmpl-emu" + Interlocked.Increment(ref s_counter).ToString(CultureInfo.InvariantCulture);

    private static string DefaultType(int status) => status switch
    {
        401 => "invalid_request_error",
        403 => "permission_denied",
        404 => "invalid_request_error",
        429 => "requests",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    internal static string DefaultMessage(int status) => status switch
    {
        401 => "Incorrect API key provided.",
        403 => "You are not allowed to use this model.",
        404 => "The model does not exist or you do not have access to it.",
        429 => "Rate limit reached for requests.",
        >= 500 => "The server had an error while processing your request.",
        _ => "Invalid request.",
    };
}
