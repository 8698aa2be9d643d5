using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Core.Tests.Hostile;
using LlmAdapters.Http;
using LlmAdapters.Hostile;
using static LlmAdapters.Core.Tests.Hostile.HostileTransport;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Core.Tests.Errors;

/// <summary>
/// Seeded property test: a hostile server echoes the caller's secret — an API key, a bearer token, a refreshed token or a
/// credential-like default header — into one server-controlled field (error type, code, message or parameter; request-id
/// header; rate-limit header name, value or reset; an in-stream error; the headers of a successful response), in one form
/// (as sent, upper, lower or mixed case, percent-encoded either way in either hex case) at a random position. No form of
/// the secret may survive in the exception's Message, ToString() or any property, nor in a successful response's
/// request id or rate limits; and the field must arrive masked, which proves it was carried at all.
/// </summary>
public sealed class RedactionPropertyTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=:@!*$ ";
    private const string Filler = "abcdefghij KLMNOP 0123456789,;";
    private const string TokenFiller = "abcdefghij0123456789-";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 240; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Transport_SecretEchoedInAnyFieldAnyForm_NeverSurvives(int seed)
    {
        var echo = EchoCase.Generate(new Random(seed));
        await using var server = HostileServer.Start(echo.AnswerAsync);
        using var transport = Create(echo.Credential(), defaultHeaders: echo.DefaultHeaders(), errorParser: ParseError);

        var (surfaces, carrier) = await RunAsync(echo, transport, server.Url("v1/chat"));

        foreach (var (name, text) in surfaces)
        {
            foreach (var form in echo.ForbiddenForms)
            {
                Assert.False(
                    text?.Contains(form, StringComparison.OrdinalIgnoreCase) ?? false,
                    $"seed {seed}: {echo} survived in {name}: {text}");
            }
        }

        Assert.True(carrier?.Contains(SecretRedactor.Mask, StringComparison.Ordinal) ?? false, $"seed {seed}: {echo} was not carried masked: {carrier}");
    }

    [Fact]
    public async Task SendAsync_ClosedPortAtEndpointWithUserInfo_PrintsNoPassword()
    {
        var port = ClosedPort();
        using var transport = Create();
        var endpoint = new Uri($"http://admin:pa55-w0rd-secret@127.0.0.1:{port}/v1/chat?key=query-secret");

        var ex = await Assert.ThrowsAsync<ProviderNetworkException>(() => PostAsync(transport, endpoint, Ct));

        Assert.StartsWith($"Could not reach testprov at http://127.0.0.1:{port}: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55-w0rd-secret", ex.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("admin", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("query-secret", ex.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(List<(string Name, string? Text)> Surfaces, string? Carrier)> RunAsync(EchoCase echo, ProviderTransport transport, Uri uri)
    {
        if (echo.Field is EchoField.RequestIdOnSuccess or EchoField.RateLimitOnSuccess)
        {
            using var response = await transport.SendAsync(HttpMethod.Post, uri, null, streaming: false, Ct);
            var surfaces = new List<(string, string?)> { ("response.RequestId", response.RequestId) };
            AddRateLimits(surfaces, "response.RateLimits", response.RateLimits);
            var carrier = echo.Field == EchoField.RequestIdOnSuccess
                ? response.RequestId
                : response.RateLimits?.Headers.GetValueOrDefault("x-ratelimit-remaining-requests");
            return (surfaces, carrier);
        }

        var ex = echo.IsStreamError ? await StreamErrorAsync(transport, uri) : await Assert.ThrowsAnyAsync<ProviderException>(() => PostAsync(transport, uri, Ct));
        var all = new List<(string, string?)>
        {
            ("Message", ex.Message),
            ("ToString()", ex.ToString()),
            ("ProviderErrorType", ex.ProviderErrorType),
            ("ProviderErrorCode", ex.ProviderErrorCode),
            ("RequestId", ex.RequestId),
        };
        AddRateLimits(all, "RateLimits", ex.RateLimits);
        return (all, echo.Field switch
        {
            EchoField.ErrorType or EchoField.StreamErrorType => ex.ProviderErrorType,
            EchoField.ErrorCode or EchoField.StreamErrorCode => ex.ProviderErrorCode,
            EchoField.ErrorMessage or EchoField.ErrorParam or EchoField.StreamErrorMessage or EchoField.StreamErrorParam => ex.Message,
            EchoField.RequestIdOnError => ex.RequestId,
            EchoField.RateLimitValue => ex.RateLimits?.Headers.GetValueOrDefault("x-ratelimit-remaining-requests"),
            EchoField.RateLimitReset => ex.RateLimits?.RequestsReset,
            EchoField.RateLimitName => string.Join(",", ex.RateLimits?.Headers.Keys ?? []),
            _ => null,
        });
    }

    private static async Task<ProviderException> StreamErrorAsync(ProviderTransport transport, Uri uri)
    {
        using var response = await transport.SendAsync(HttpMethod.Post, uri, null, streaming: true, Ct);
        await using var body = await response.OpenBodyAsync(Ct);
        await foreach (var item in StreamEvents.ReadSseAsync(body, (_, data) => data.ToArray(), Provider, response.RequestId, Ct))
        {
            return transport.StreamError(ParseError(0, item), response.RequestId);
        }

        throw new InvalidOperationException("The stream carried no error event.");
    }

    private static void AddRateLimits(List<(string, string?)> surfaces, string name, RateLimitInfo? limits)
    {
        if (limits is null)
        {
            return;
        }

        surfaces.Add(($"{name}.RequestsReset", limits.RequestsReset));
        surfaces.Add(($"{name}.TokensReset", limits.TokensReset));
        foreach (var (key, value) in limits.Headers)
        {
            surfaces.Add(($"{name}.Headers key", key));
            surfaces.Add(($"{name}.Headers[{key}]", value));
        }
    }

    /// <summary>A provider error parser that reads every field the error family carries.</summary>
    private static ProviderErrorInfo ParseError(int status, ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("error", out var error))
        {
            return default;
        }

        return new ProviderErrorInfo(Get(error, "type"), Get(error, "code"), Get(error, "message"), Get(error, "param"));
    }

    private static string? Get(JsonElement error, string name) => error.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal enum EchoField
    {
        ErrorType,
        ErrorCode,
        ErrorMessage,
        ErrorParam,
        RequestIdOnError,
        RateLimitValue,
        RateLimitName,
        RateLimitReset,
        StreamErrorType,
        StreamErrorCode,
        StreamErrorMessage,
        StreamErrorParam,
        RequestIdOnSuccess,
        RateLimitOnSuccess,
    }

    internal enum SecretHolder
    {
        ApiKeyHeader,
        BearerKey,
        RefreshedToken,
        DefaultHeader,
    }

    internal enum EchoForm
    {
        AsSent,
        Upper,
        Lower,
        MixedCase,
        EscapeDataString,
        EscapeDataStringLowerHex,
        UrlEncode,
        UrlEncodeLowerHex,
    }

    /// <summary>One generated case: which secret, who holds it, where the server echoes it and in which form.</summary>
    internal sealed record EchoCase(string Secret, SecretHolder Holder, EchoField Field, EchoForm Form, string Echoed, int Status)
    {
        private static readonly int[] Statuses = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 529];

        public bool IsStreamError => Field is EchoField.StreamErrorType or EchoField.StreamErrorCode or EchoField.StreamErrorMessage or EchoField.StreamErrorParam;

        /// <summary>The forms that must not appear anywhere (compared ignoring case).</summary>
        public string[] ForbiddenForms => [Secret, Uri.EscapeDataString(Secret), WebUtility.UrlEncode(Secret)];

        public static EchoCase Generate(Random random)
        {
            var length = random.Next(12, 49);
            var secret = new StringBuilder();
            for (var i = 0; i < length; i++)
            {
                // Letters and digits at both ends: a header value cannot start or end with a space.
                var pool = i == 0 || i == length - 1 ? Alphabet[..62] : Alphabet;
                secret.Append(pool[random.Next(pool.Length)]);
            }

            var text = secret.ToString();
            var field = (EchoField)random.Next(Enum.GetValues<EchoField>().Length);
            var holder = (SecretHolder)random.Next(Enum.GetValues<SecretHolder>().Length);
            var forms = Enum.GetValues<EchoForm>().Where(f => field != EchoField.RateLimitName || IsToken(Apply(text, f, random))).ToArray();
            var form = forms[random.Next(forms.Length)];
            var filler = field == EchoField.RateLimitName ? TokenFiller : Filler;
            var echoed = Fill(random, filler) + Apply(text, form, random) + Fill(random, filler);
            return new EchoCase(text, holder, field, form, echoed, Statuses[random.Next(Statuses.Length)]);
        }

        public CredentialSource Credential() => Holder switch
        {
            SecretHolder.ApiKeyHeader => new ApiKeyCredential(Secret, "x-api-key", scheme: null),
            SecretHolder.BearerKey => new ApiKeyCredential(Secret),
            SecretHolder.RefreshedToken => new RefreshingBearerCredential(_ => ValueTask.FromResult(new AccessToken(Secret, DateTimeOffset.MaxValue))),
            _ => new ApiKeyCredential(Key, "x-api-key", scheme: null),
        };

        public IReadOnlyList<KeyValuePair<string, string>> DefaultHeaders() =>
            Holder == SecretHolder.DefaultHeader ? [new("x-gateway-api-key", Secret)] : [];

        public async Task AnswerAsync(HostileConnection connection)
        {
            var headers = new List<(string, string)>
            {
                ("x-request-id", Field is EchoField.RequestIdOnError or EchoField.RequestIdOnSuccess ? Echoed : "req_123"),
                ("x-ratelimit-remaining-requests", Field is EchoField.RateLimitValue or EchoField.RateLimitOnSuccess ? Echoed : "7"),
                ("x-ratelimit-reset-requests", Field == EchoField.RateLimitReset ? Echoed : "1s"),
            };
            if (Field == EchoField.RateLimitName)
            {
                headers.Add(($"x-ratelimit-{Echoed}", "1"));
            }

            if (Field is EchoField.RequestIdOnSuccess or EchoField.RateLimitOnSuccess)
            {
                await connection.WriteResponseAsync(200, """{"text":"ok"}""", headers: [.. headers]);
                return;
            }

            var error = new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["type"] = Field is EchoField.ErrorType or EchoField.StreamErrorType ? Echoed : "invalid_request_error",
                    ["code"] = Field is EchoField.ErrorCode or EchoField.StreamErrorCode ? Echoed : "bad_thing",
                    ["message"] = Field is EchoField.ErrorMessage or EchoField.StreamErrorMessage ? Echoed : "It failed.",
                    ["param"] = Field is EchoField.ErrorParam or EchoField.StreamErrorParam ? Echoed : "messages",
                },
            }.ToJsonString();
            if (IsStreamError)
            {
                await connection.WriteResponseAsync(200, Event(error), "text/event-stream", [.. headers]);
                return;
            }

            await connection.WriteResponseAsync(Status, error, headers: [.. headers]);
        }

        public override string ToString() => $"{Holder} secret '{Secret}' echoed {Form} in {Field} as '{Echoed}' (HTTP {Status})";

        private static string Apply(string secret, EchoForm form, Random random) => form switch
        {
            EchoForm.AsSent => secret,
            EchoForm.Upper => secret.ToUpperInvariant(),
            EchoForm.Lower => secret.ToLowerInvariant(),
            EchoForm.MixedCase => string.Concat(secret.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c))),
            EchoForm.EscapeDataString => Uri.EscapeDataString(secret),
            EchoForm.EscapeDataStringLowerHex => LowerHex(Uri.EscapeDataString(secret)),
            EchoForm.UrlEncode => WebUtility.UrlEncode(secret),
            _ => LowerHex(WebUtility.UrlEncode(secret)),
        };

        // "%2F" → "%2f", leaving every other character alone (HttpUtility and many servers write lower-case hex).
        private static string LowerHex(string encoded)
        {
            var chars = encoded.ToCharArray();
            for (var i = 0; i + 2 < chars.Length; i++)
            {
                if (chars[i] == '%')
                {
                    chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                    chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
                }
            }

            return new string(chars);
        }

        private static string Fill(Random random, string pool)
        {
            var length = random.Next(0, 41);
            return string.Concat(Enumerable.Range(0, length).Select(_ => pool[random.Next(pool.Length)]));
        }

        // What an HTTP header name may hold (RFC 9110 tchar).
        private static bool IsToken(string text) => text.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
    }
}
