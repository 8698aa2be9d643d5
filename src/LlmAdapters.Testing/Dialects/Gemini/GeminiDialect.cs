using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LlmAdapters.Testing.Dialects.Gemini;

/// <summary>
/// The Gemini wire protocol, for both back ends: the Gemini API (<c>/v1beta/models/{m}:generateContent</c>, key in
/// <c>x-goog-api-key</c>) and Vertex AI (<c>/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:…</c>, bearer token),
/// including <c>streamGenerateContent?alt=sse</c>, <c>countTokens</c>, embeddings, <c>cachedContents</c> and an OAuth token
/// endpoint (<c>POST /token</c>) that verifies service-account JWT assertions.
/// </summary>
/// <remarks>
/// Reply extras (<see cref="ScriptedReply.Properties"/>): <c>gemini.block_reason</c> (string: a blocked prompt, no candidates),
/// <c>gemini.final_signature</c> (string: a last empty text part carrying this thoughtSignature),
/// <c>gemini.tool_use_prompt_tokens</c> (int), <c>gemini.stream_error_after</c> (int: frames before an in-stream error object),
/// <c>gemini.finish_message</c> (string). A text part's <see cref="ScriptedPart.Signature"/> is sent as its thoughtSignature.
/// Token counts are deterministic: one token per whitespace-separated word of each text part, 258 per media part.
/// </remarks>
[BuiltInDialect(-20)]
public sealed partial class GeminiDialect : EmulatorDialect
{
    /// <summary>The path of the OAuth token endpoint.</summary>
    public const string TokenPath = "/token";

    /// <inheritdoc />
    public override string Name => "gemini";

    /// <inheritdoc />
    public override bool CanHandle(CapturedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (request.Path == TokenPath && request.Method == "POST")
            || ModelPath().IsMatch(request.Path)
            || CachePath().IsMatch(request.Path);
    }

    /// <inheritdoc />
    public override async Task HandleAsync(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var request = exchange.Request;
        if (request.Path == TokenPath)
        {
            await HandleTokenAsync(exchange).ConfigureAwait(false);
            return;
        }

        var cache = CachePath().Match(request.Path);
        var model = ModelPath().Match(request.Path);
        var vertex = cache.Success ? cache.Groups["project"].Success : model.Groups["publisher"].Success;
        var withProject = cache.Success ? cache.Groups["project"].Success : model.Groups["project"].Success;
        if (await CheckAuthAsync(exchange, withProject).ConfigureAwait(false) is false)
        {
            return;
        }

        if (cache.Success)
        {
            var prefix = withProject ? $"projects/{cache.Groups["project"].Value}/locations/{cache.Groups["location"].Value}/" : string.Empty;
            await HandleCacheAsync(exchange, prefix, cache.Groups["id"].Success ? cache.Groups["id"].Value : null, withProject).ConfigureAwait(false);
            return;
        }

        var modelId = model.Groups["model"].Value;
        switch (model.Groups["method"].Value)
        {
            case "generateContent":
                await HandleGenerateAsync(exchange, modelId, vertex, stream: false).ConfigureAwait(false);
                break;
            case "streamGenerateContent":
                await HandleGenerateAsync(exchange, modelId, vertex, stream: true).ConfigureAwait(false);
                break;
            case "countTokens":
                await HandleCountTokensAsync(exchange).ConfigureAwait(false);
                break;
            case "batchEmbedContents":
            case "embedContent":
            case "predict":
                await HandleEmbedAsync(exchange, modelId, model.Groups["method"].Value, vertex).ConfigureAwait(false);
                break;
            default:
                await WriteErrorAsync(exchange, 404, "NOT_FOUND", $"Method {model.Groups["method"].Value} is not found for model {modelId}.").ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Writes a <c>google.rpc.Status</c> error body.</summary>
    internal static Task WriteErrorAsync(EmulatorExchange exchange, int code, string status, string message, TimeSpan? retryDelay = null, string? reason = null, ScriptedReply? reply = null)
    {
        var details = new JsonArray();
        if (reason is not null)
        {
            details.Add(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
                ["reason"] = reason,
                ["domain"] = "googleapis.com",
            });
        }

        if (retryDelay is { } delay)
        {
            details.Add(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.RetryInfo",
                ["retryDelay"] = delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s",
            });
        }

        var error = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status };
        if (details.Count > 0)
        {
            error["details"] = details;
        }

        // Gemini reports the wait in RetryInfo, not in a Retry-After header.
        return exchange.WriteJsonAsync(code, new JsonObject { ["error"] = error }.ToJsonString(), reply is { RetryAfter: null } ? reply : null);
    }

    internal static string StatusFor(int code) => code switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ABORTED",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION",
    };

    private async Task<bool> CheckAuthAsync(EmulatorExchange exchange, bool bearer)
    {
        var options = exchange.Emulator.Options;
        if (!options.RequireAuthentication)
        {
            return true;
        }

        var request = exchange.Request;
        if (bearer)
        {
            var header = request.Header("authorization");
            var token = header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
            if (string.IsNullOrEmpty(token) || !IsAcceptedToken(token))
            {
                await WriteErrorAsync(exchange, 401, "UNAUTHENTICATED",
                    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
                    reason: "ACCESS_TOKEN_TYPE_UNSUPPORTED").ConfigureAwait(false);
                return false;
            }

            return true;
        }

        var key = request.Header("x-goog-api-key") ?? QueryValue(request.Query, "key");
        if (string.IsNullOrEmpty(key))
        {
            await WriteErrorAsync(exchange, 403, "PERMISSION_DENIED",
                "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.").ConfigureAwait(false);
            return false;
        }

        if (options.ExpectedApiKey is { } expected && !string.Equals(expected, key, StringComparison.Ordinal))
        {
            await WriteErrorAsync(exchange, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", reason: "API_KEY_INVALID").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static string? QueryValue(string query, string name)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq] == name)
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }

    private static async Task HandleCountTokensAsync(EmulatorExchange exchange)
    {
        var json = exchange.Request.Json as JsonObject;
        var inner = json?["generateContentRequest"] as JsonObject ?? json;
        var total = CountTokens(inner?["contents"]) + CountTokens(inner?["systemInstruction"]) + CountTokens(inner?["tools"]);
        await exchange.WriteJsonAsync(200, new JsonObject { ["totalTokens"] = total }.ToJsonString()).ConfigureAwait(false);
    }

    /// <summary>The emulator's token count of any request fragment: words of every <c>text</c> (and function description), 258 per media part.</summary>
    internal static int CountTokens(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                return array.Sum(CountTokens);
            case JsonObject obj:
                var total = 0;
                foreach (var (name, value) in obj)
                {
                    if ((name is "text" or "description") && value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        total += text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
                    }
                    else if (name is "inlineData" or "fileData")
                    {
                        total += 258;
                    }
                    else
                    {
                        total += CountTokens(value);
                    }
                }

                return total;
            default:
                return 0;
        }
    }

    [GeneratedRegex(@"^/(?<version>v1|v1beta|v1beta1|v1alpha)/(?:projects/(?<project>[^/]+)/locations/(?<location>[^/]+)/)?(?<publisher>publishers/google/)?models/(?<model>[^/:]+):(?<method>[A-Za-z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ModelPath();

    [GeneratedRegex(@"^/(?<version>v1|v1beta|v1beta1|v1alpha)/(?:projects/(?<project>[^/]+)/locations/(?<location>[^/]+)/)?cachedContents(?:/(?<id>[^/:]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex CachePath();
}
