using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmAdapters.Testing.Dialects.Ollama;

/// <summary>
/// Ollama's native API: <c>POST /api/chat</c> (NDJSON stream by default, one JSON object with <c>"stream": false</c>),
/// <c>POST /api/embed</c>, <c>GET /api/tags</c> and <c>POST /api/show</c>, under any path prefix. A local server needs no
/// key, so none is required; when <see cref="ProviderEmulatorOptions.ExpectedApiKey"/> is set the dialect acts as hosted
/// Ollama and wants <c>Authorization: Bearer</c> with that key (401 otherwise). Errors are <c>{"error":"…"}</c>; a model not in
/// <see cref="InstalledModels"/> (when set) gets the 404 a real server gives for a model that was never pulled.
/// </summary>
/// <remarks>
/// <para>Rendering: reasoning parts as <c>message.thinking</c> lines, text and refusals as <c>message.content</c> lines (one per
/// <see cref="ScriptedReply.ChunksPerPart"/> piece), each tool call whole in a line of its own (with its id unless
/// <see cref="OmitToolCallIdsProperty"/>), then the <c>done: true</c> line with <c>done_reason</c> (the scripted finish reason,
/// else <c>stop</c>), <c>prompt_eval_count</c> / <c>eval_count</c> from the usage and fixed nanosecond durations.</para>
/// <para>Reply extras (<see cref="ScriptedReply.Properties"/>): <see cref="OmitToolCallIdsProperty"/>,
/// <see cref="StreamErrorAfterProperty"/>, <see cref="ModelsProperty"/>, <see cref="ContextLengthProperty"/>,
/// <see cref="CapabilitiesProperty"/>, <see cref="EmbeddingsProperty"/>.</para>
/// </remarks>
public sealed partial class OllamaDialect : ProviderDialect
{
    /// <summary>Reply property (<see cref="bool"/>): write tool calls without an <c>id</c>, as servers and models that assign none do.</summary>
    public const string OmitToolCallIdsProperty = "ollama.omit_tool_call_ids";

    /// <summary>Reply property (<see cref="int"/>): after this many stream lines, send <c>{"error":…}</c> with
    /// <see cref="ScriptedReply.ErrorMessage"/> and end the stream, as a server does when generation fails after the 200.</summary>
    public const string StreamErrorAfterProperty = "ollama.stream_error_after";

    /// <summary>Reply property (<c>IEnumerable&lt;string&gt;</c>): the model names <c>GET /api/tags</c> lists.</summary>
    public const string ModelsProperty = "ollama.models";

    /// <summary>Reply property (<see cref="int"/>): the context length <c>POST /api/show</c> reports.</summary>
    public const string ContextLengthProperty = "ollama.context_length";

    /// <summary>Reply property (<c>IEnumerable&lt;string&gt;</c>): the capabilities <c>POST /api/show</c> reports.</summary>
    public const string CapabilitiesProperty = "ollama.capabilities";

    /// <summary>Reply property (<c>IReadOnlyList&lt;float[]&gt;</c>): the vectors <c>/api/embed</c> returns, one per input (cycled);
    /// without it each vector is <see cref="DeterministicVector"/> of its input.</summary>
    public const string EmbeddingsProperty = "ollama.embeddings";

    /// <summary>The vector length when a request does not set <c>dimensions</c>.</summary>
    public const int DefaultEmbeddingDimensions = 8;

    /// <summary>The context length <c>/api/show</c> reports when none is scripted.</summary>
    public const int DefaultContextLength = 131072;

    private static readonly string[] DefaultModels = ["llama3.2:latest", "qwen3:8b", "gpt-oss:20b", "nomic-embed-text:latest"];

    /// <inheritdoc />
    public override string Name => "ollama";

    /// <summary>Gets or sets the models this server has pulled; <see langword="null"/> (the default) serves any model name.
    /// A name without a tag means <c>:latest</c>.</summary>
    public IList<string>? InstalledModels { get; set; }

    /// <summary>The vector the emulator returns for an input when none is scripted: stable, input-dependent values.</summary>
    /// <param name="input">The input text.</param>
    /// <param name="dimensions">The vector length.</param>
    /// <returns>The vector.</returns>
    public static float[] DeterministicVector(string input, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(input);
        var vector = new float[dimensions];
        var hash = 2166136261u;
        foreach (var c in input)
        {
            hash = (hash ^ c) * 16777619u;
        }

        for (var i = 0; i < dimensions; i++)
        {
            hash = (hash ^ (uint)i) * 16777619u;
            vector[i] = ((hash % 2001) / 1000f) - 1f;
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
            "POST" => path.EndsWith("/api/chat", StringComparison.Ordinal) || path.EndsWith("/api/embed", StringComparison.Ordinal)
                || path.EndsWith("/api/show", StringComparison.Ordinal),
            "GET" => path.EndsWith("/api/tags", StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <inheritdoc />
    protected override string StreamContentType => "application/x-ndjson";

    /// <inheritdoc />
    protected override DialectResponse? Authenticate(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (exchange.Emulator.Options.ExpectedApiKey is not { } expected)
        {
            return null;
        }

        var header = exchange.Request.Header("Authorization");
        var token = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        return string.Equals(token, expected, StringComparison.Ordinal) ? null : Error(401, "unauthorized");
    }

    /// <inheritdoc />
    protected override DialectResponse? Validate(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var request = exchange.Request;
        if (request.Method != "POST")
        {
            return null;
        }

        if (exchange.BodyObject is not { } body)
        {
            return Error(400, string.IsNullOrWhiteSpace(request.Body) ? "missing request body" : "invalid JSON in the request body");
        }

        var model = ModelOf(exchange);
        if (string.IsNullOrEmpty(model))
        {
            return Error(400, "model is required");
        }

        if (!IsInstalled(model))
        {
            return Error(404, NotFound(model));
        }

        return IsChat(request) && body["messages"] is not JsonArray ? Error(400, "messages is required") : null;
    }

    /// <inheritdoc />
    protected override bool IsStreaming(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);

        // Streaming is the server's default: only "stream": false asks for one object.
        return IsChat(exchange.Request)
            && (exchange.BodyObject?["stream"] is not JsonValue stream || stream.GetValueKind() != JsonValueKind.False);
    }

    /// <inheritdoc />
    protected override DialectResponse RenderError(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        var status = reply.ErrorStatus!.Value;
        return Error(status, reply.ErrorMessage ?? DefaultMessage(status, ModelOf(exchange)));
    }

    /// <inheritdoc />
    protected override string RenderWhole(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        var path = exchange.Request.Path.TrimEnd('/');
        var model = ModelOf(exchange)!;
        if (path.EndsWith("/api/tags", StringComparison.Ordinal))
        {
            return TagsBody(reply);
        }

        if (path.EndsWith("/api/show", StringComparison.Ordinal))
        {
            return ShowBody(reply, model);
        }

        return path.EndsWith("/api/embed", StringComparison.Ordinal)
            ? EmbedBody(exchange.BodyObject!, reply, model)
            : ChatWholeBody(exchange, reply, reply.Model ?? model);
    }

    /// <inheritdoc />
    protected override IEnumerable<string> RenderFrames(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        return ChatStreamLines(exchange, reply, reply.Model ?? ModelOf(exchange)!);
    }

    /// <summary>An Ollama error, <c>{"error":"…"}</c>.</summary>
    private static DialectResponse Error(int status, string message) => new(status, new JsonObject { ["error"] = message }.ToJsonString());

    private static bool IsChat(CapturedRequest request) => request.Method == "POST" && request.Path.TrimEnd('/').EndsWith("/api/chat", StringComparison.Ordinal);

    private static string? ModelOf(EmulatorExchange exchange) =>
        exchange.BodyObject?["model"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : null;

    private static string NotFound(string model) => $"model \"{model}\" not found, try pulling it first";

    private static string DefaultMessage(int status, string? model) => status switch
    {
        401 => "unauthorized",
        403 => "forbidden",
        404 => NotFound(model ?? "model"),
        429 => "too many requests",
        499 => "request canceled",
        502 => "bad gateway: the remote model is unreachable",
        503 => "server busy, please try again. maximum pending requests exceeded",
        >= 500 => "the model failed to generate a response",
        _ => "invalid request",
    };

    private bool IsInstalled(string model)
    {
        if (InstalledModels is not { } installed)
        {
            return true;
        }

        var tagged = model.Contains(':', StringComparison.Ordinal) ? model : model + ":latest";
        return installed.Any(m => string.Equals(m.Contains(':', StringComparison.Ordinal) ? m : m + ":latest", tagged, StringComparison.OrdinalIgnoreCase));
    }

    private string TagsBody(ScriptedReply reply)
    {
        var names = reply.Properties.TryGetValue(ModelsProperty, out var v) && v is IEnumerable<string> listed
            ? listed.ToArray()
            : InstalledModels?.ToArray() ?? DefaultModels;
        var models = new JsonArray();
        foreach (var name in names)
        {
            // The family is the name's leading word: llama3.2 → llama, qwen3:8b → qwen, gpt-oss:20b → gpt-oss.
            var family = new string([.. name.TakeWhile(c => char.IsLetter(c) || c == '-')]).TrimEnd('-');
            models.Add(new JsonObject
            {
                ["name"] = name,
                ["model"] = name,
                ["modified_at"] = "2025-09-29T10:15:30.123456789Z",
                ["size"] = 2019393189,
                ["digest"] = "sha256:" + new string('a', 64),
                ["details"] = new JsonObject
                {
                    ["parent_model"] = string.Empty,
                    ["format"] = "gguf",
                    ["family"] = family,
                    ["families"] = new JsonArray(family),
                    ["parameter_size"] = "3.2B",
                    ["quantization_level"] = "Q4_K_M",
                },
            });
        }

        return new JsonObject { ["models"] = models }.ToJsonString();
    }

    private static string ShowBody(ScriptedReply reply, string model)
    {
        var contextLength = reply.Properties.TryGetValue(ContextLengthProperty, out var c) && c is int n ? n : DefaultContextLength;
        var capabilities = reply.Properties.TryGetValue(CapabilitiesProperty, out var caps) && caps is IEnumerable<string> listed
            ? listed.ToArray()
            : model.Contains("embed", StringComparison.OrdinalIgnoreCase) ? ["embedding"] : new[] { "completion", "tools" };
        return new JsonObject
        {
            ["modelfile"] = $"FROM {model}",
            ["parameters"] = "stop \"<|eot_id|>\"",
            ["template"] = "{{ .Prompt }}",
            ["details"] = new JsonObject
            {
                ["parent_model"] = string.Empty,
                ["format"] = "gguf",
                ["family"] = "llama",
                ["families"] = new JsonArray("llama"),
                ["parameter_size"] = "3.2B",
                ["quantization_level"] = "Q4_K_M",
            },
            ["model_info"] = new JsonObject
            {
                ["general.architecture"] = "llama",
                ["general.parameter_count"] = 3212749888,
                ["llama.context_length"] = contextLength,
                ["llama.embedding_length"] = 3072,
            },
            ["capabilities"] = new JsonArray([.. capabilities.Select(x => (JsonNode?)JsonValue.Create(x))]),
            ["modified_at"] = "2025-09-29T10:15:30.123456789Z",
        }.ToJsonString();
    }

    private static string EmbedBody(JsonObject body, ScriptedReply reply, string model)
    {
        var inputs = body["input"] switch
        {
            JsonArray array => array.Select(n => n?.GetValue<string>() ?? string.Empty).ToList(),
            JsonValue value => [value.GetValue<string>()],
            _ => new List<string>(),
        };
        var dimensions = body["dimensions"] is JsonValue d && d.TryGetValue<int>(out var n) && n > 0 ? n : DefaultEmbeddingDimensions;
        var scripted = reply.Properties.TryGetValue(EmbeddingsProperty, out var v) ? v as IReadOnlyList<float[]> : null;
        var embeddings = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = scripted is { Count: > 0 } ? scripted[i % scripted.Count] : DeterministicVector(inputs[i], dimensions);
            embeddings.Add(new JsonArray([.. vector.Select(f => (JsonNode?)JsonValue.Create(f))]));
        }

        return new JsonObject
        {
            ["model"] = model,
            ["embeddings"] = embeddings,
            ["total_duration"] = 14143917,
            ["load_duration"] = 1019500,
            ["prompt_eval_count"] = reply.Usage?.InputTokens ?? inputs.Sum(s => Math.Max(1, s.Length / 4)),
        }.ToJsonString();
    }
}
