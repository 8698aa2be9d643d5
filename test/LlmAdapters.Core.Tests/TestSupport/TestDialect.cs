using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Testing;

namespace LlmAdapters.Core.Tests.TestSupport;

/// <summary>
/// A minimal provider protocol for transport tests: <c>POST /test/echo</c> answers <c>{"text":"…"}</c>,
/// <c>POST /test/stream</c> answers SSE <c>data: {"text":"…"}</c> frames then <c>data: [DONE]</c>;
/// errors are <c>{"error":{"type","code","message"}}</c>. Requests without <c>Authorization</c> get a 401.
/// </summary>
internal sealed class TestDialect : EmulatorDialect
{
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override string Name => "test";

    /// <summary>Completes when the first request arrives, so a test can cancel while the server is still answering.</summary>
    public Task Received => _received.Task;

    public override bool CanHandle(CapturedRequest request) => request.Path.StartsWith("/test/", StringComparison.Ordinal);

    public override async Task HandleAsync(EmulatorExchange exchange)
    {
        _received.TrySetResult();
        if (exchange.Emulator.Options.RequireAuthentication && exchange.Request.Header("Authorization") is null)
        {
            await exchange.WriteJsonAsync(401, Error("authentication_error", null, "No credentials were sent."));
            return;
        }

        var reply = exchange.NextReply();
        if (await exchange.TryWriteCommonAsync(reply))
        {
            return;
        }

        if (reply.IsError)
        {
            await exchange.WriteJsonAsync(reply.ErrorStatus!.Value, Error(reply.ErrorType ?? "error", reply.ErrorCode, reply.ErrorMessage ?? "failed"), reply);
            return;
        }

        var texts = reply.Parts.Where(p => p.Kind == ScriptedPartKind.Text).Select(p => p.Text ?? string.Empty).ToList();
        if (exchange.Request.Path.EndsWith("/stream", StringComparison.Ordinal))
        {
            var frames = texts.SelectMany(reply.Split).Select(t => $"data: {Text(t)}\n\n").ToList();
            if (!reply.OmitStreamTerminator)
            {
                frames.Add("data: [DONE]\n\n");
            }

            await exchange.WriteStreamAsync("text/event-stream", frames, reply);
            return;
        }

        await exchange.WriteJsonAsync(200, Text(string.Concat(texts)), reply);
    }

    private static string Text(string text) => new JsonObject { ["text"] = text }.ToJsonString();

    private static string Error(string type, string? code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message } }.ToJsonString();
}

/// <summary>The error parser the transport tests hand to <c>ProviderTransport</c>.</summary>
internal static class TestErrorParser
{
    public static ProviderErrorInfo Parse(int status, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return default;
        }

        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error))
        {
            return default;
        }

        return new ProviderErrorInfo(
            Type: Get(error, "type"),
            Code: Get(error, "code"),
            Message: Get(error, "message"));
    }

    private static string? Get(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

internal static class Utf8
{
    public static string Decode(ReadOnlySpan<byte> data) => Encoding.UTF8.GetString(data);
}
