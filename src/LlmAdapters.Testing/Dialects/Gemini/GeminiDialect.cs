using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using LlmAdapters.Testing.Dialects.Google;

namespace LlmAdapters.Testing.Dialects.Gemini;

/// <summary>
/// The Gemini wire protocol, for both back ends: the Gemini API (<c>/v1beta/models/{m}:generateContent</c>, key in
/// <c>x-goog-api-key</c>) and Vertex AI (<c>/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:…</c>, bearer token),
/// including <c>streamGenerateContent?alt=sse</c>, <c>countTokens</c>, embeddings, <c>cachedContents</c> and, through its
/// <see cref="TokenEndpoint"/>, the OAuth token endpoint (<c>POST /token</c>) that verifies service-account JWT assertions.
/// </summary>
/// <remarks>
/// Reply extras (<see cref="ScriptedReply.Properties"/>): <c>gemini.block_reason</c> (string: a blocked prompt, no candidates),
/// <c>gemini.final_signature</c> (string: a last empty text part carrying this thoughtSignature),
/// <c>gemini.tool_use_prompt_tokens</c> (int), <c>gemini.stream_error_after</c> (int: frames before an in-stream error object),
/// <c>gemini.finish_message</c> (string). A text part's <see cref="ScriptedPart.Signature"/> is sent as its thoughtSignature.
/// Token counts are deterministic: one token per whitespace-separated word of each text part, 258 per media part.
/// </remarks>
public sealed partial class GeminiDialect : ProviderDialect
{
    /// <summary>The path of the OAuth token endpoint (<see cref="GoogleTokenEndpoint.Path"/>).</summary>
    public const string TokenPath = GoogleTokenEndpoint.Path;

    /// <inheritdoc />
    public override string Name => "gemini";

    /// <summary>Gets the Google OAuth token endpoint this dialect serves, whose tokens the Vertex AI paths require.</summary>
    public GoogleTokenEndpoint TokenEndpoint { get; } = new();

    /// <summary>Gets or sets the lifetime of issued access tokens (forwards to <see cref="TokenEndpoint"/>). <value>The default is one hour.</value></summary>
    public TimeSpan TokenLifetime
    {
        get => TokenEndpoint.TokenLifetime;
        set => TokenEndpoint.TokenLifetime = value;
    }

    /// <summary>Gets the access tokens issued so far, in order (forwards to <see cref="TokenEndpoint"/>).</summary>
    public IReadOnlyList<string> IssuedTokens => TokenEndpoint.IssuedTokens;

    /// <summary>Gets the scope the token endpoint requires (forwards to <see cref="TokenEndpoint"/>). <value>The default is cloud-platform.</value></summary>
    public string RequiredScope
    {
        get => TokenEndpoint.RequiredScope;
        init => TokenEndpoint.RequiredScope = value;
    }

    /// <inheritdoc />
    protected override bool RetryAfterInHeader => false;

    /// <summary>Returns the token endpoint URL to put in a service-account JSON's <c>token_uri</c>.</summary>
    /// <param name="emulator">The running emulator.</param>
    /// <returns>The URL.</returns>
    public static Uri TokenUri(ProviderEmulator emulator) => GoogleTokenEndpoint.TokenUri(emulator);

    /// <summary>Registers a service account whose JWT assertions the token endpoint accepts (forwards to <see cref="TokenEndpoint"/>).</summary>
    /// <param name="clientEmail">The account's <c>client_email</c> (the assertion's <c>iss</c>).</param>
    /// <param name="publicKey">The account's public key.</param>
    public void RegisterServiceAccount(string clientEmail, RSA publicKey) => TokenEndpoint.RegisterServiceAccount(clientEmail, publicKey);

    /// <summary>Makes the next <paramref name="count"/> token requests fail with <c>invalid_grant</c> (forwards to <see cref="TokenEndpoint"/>).</summary>
    /// <param name="count">How many requests fail.</param>
    public void FailTokenRequests(int count) => TokenEndpoint.FailTokenRequests(count);

    /// <inheritdoc />
    public override bool CanHandle(CapturedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TokenEndpoint.CanHandle(request)
            || ModelPath().IsMatch(request.Path)
            || CachePath().IsMatch(request.Path);
    }

    /// <inheritdoc />
    protected override DialectResponse? Authenticate(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var request = exchange.Request;
        if (TokenEndpoint.CanHandle(request))
        {
            return null;
        }

        var cache = CachePath().Match(request.Path);
        var withProject = cache.Success ? cache.Groups["project"].Success : ModelPath().Match(request.Path).Groups["project"].Success;
        if (withProject)
        {
            var header = request.Header("authorization");
            var token = header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
            return string.IsNullOrEmpty(token) || !TokenEndpoint.IsAcceptedToken(token)
                ? Error(401, "UNAUTHENTICATED",
                    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
                    reason: "ACCESS_TOKEN_TYPE_UNSUPPORTED")
                : null;
        }

        var key = request.Header("x-goog-api-key") ?? QueryValue(request.Query, "key");
        if (string.IsNullOrEmpty(key))
        {
            return Error(403, "PERMISSION_DENIED",
                "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
        }

        return exchange.Emulator.Options.ExpectedApiKey is { } expected && !string.Equals(expected, key, StringComparison.Ordinal)
            ? Error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", reason: "API_KEY_INVALID")
            : null;
    }

    /// <inheritdoc />
    protected override DialectResponse? Validate(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var model = ModelPath().Match(exchange.Request.Path);
        if (!model.Success)
        {
            return null;
        }

        var method = model.Groups["method"].Value;
        return method switch
        {
            "generateContent" or "streamGenerateContent" => ValidateGenerate(exchange, model.Groups["model"].Value, model.Groups["publisher"].Success),
            "countTokens" or "batchEmbedContents" or "embedContent" or "predict" => null,
            _ => Error(404, "NOT_FOUND", $"Method {method} is not found for model {model.Groups["model"].Value}."),
        };
    }

    /// <inheritdoc />
    protected override async Task<bool> ServeUnscriptedAsync(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var request = exchange.Request;
        if (TokenEndpoint.CanHandle(request))
        {
            await TokenEndpoint.HandleAsync(exchange).ConfigureAwait(false);
            return true;
        }

        var cache = CachePath().Match(request.Path);
        if (cache.Success)
        {
            var withProject = cache.Groups["project"].Success;
            var prefix = withProject ? $"projects/{cache.Groups["project"].Value}/locations/{cache.Groups["location"].Value}/" : string.Empty;
            await HandleCacheAsync(exchange, prefix, cache.Groups["id"].Success ? cache.Groups["id"].Value : null, withProject).ConfigureAwait(false);
            return true;
        }

        var model = ModelPath().Match(request.Path);
        var method = model.Groups["method"].Value;
        switch (method)
        {
            case "countTokens":
                await HandleCountTokensAsync(exchange).ConfigureAwait(false);
                return true;
            case "batchEmbedContents":
            case "embedContent":
            case "predict":
                await HandleEmbedAsync(exchange, model.Groups["model"].Value, method, model.Groups["publisher"].Success).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <inheritdoc />
    protected override bool IsStreaming(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);

        // Without alt=sse a stream is one JSON array of chunks, rendered whole.
        return ModelPath().Match(exchange.Request.Path).Groups["method"].Value == "streamGenerateContent"
            && QueryValue(exchange.Request.Query, "alt") == "sse";
    }

    /// <inheritdoc />
    protected override DialectResponse RenderError(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var status = reply.ErrorStatus!.Value;
        return Error(status, reply.ErrorType ?? StatusFor(status), reply.ErrorMessage ?? "The emulator was scripted to fail.", reply.RetryAfter, reply.ErrorCode);
    }

    /// <summary>Writes a <c>google.rpc.Status</c> error body.</summary>
    internal static Task WriteErrorAsync(EmulatorExchange exchange, int code, string status, string message, TimeSpan? retryDelay = null, string? reason = null)
    {
        var error = Error(code, status, message, retryDelay, reason);
        return exchange.WriteJsonAsync(error.Status, error.Body);
    }

    /// <summary>A <c>google.rpc.Status</c> error; Gemini reports the wait in <c>RetryInfo</c>, not in a Retry-After header.</summary>
    internal static DialectResponse Error(int code, string status, string message, TimeSpan? retryDelay = null, string? reason = null)
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

        return new DialectResponse(code, new JsonObject { ["error"] = error }.ToJsonString());
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
