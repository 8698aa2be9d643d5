using System.Text.RegularExpressions;
using LlmAdapters.Conformance;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests.Conformance;

public sealed partial class GeminiOptionsConformanceTests : ProviderOptionsConformanceTests<GeminiOptions>
{
    protected override string ApiKey => GeminiHarness.Key;

    protected override (string Header, string Value) ExpectedKeyHeader => ("x-goog-api-key", GeminiHarness.Key);

    protected override Uri PublicEndpoint => new("https://generativelanguage.googleapis.com/");

    protected override Uri EmulatorEndpoint(ProviderEmulator emulator) => emulator.BaseAddress;

    protected override IChatClient CreateClient(GeminiOptions options) => new GeminiChatClient(options);

    // The Gemini API names the model in the path: /v1beta/models/{model}:generateContent.
    protected override string? ModelOf(CapturedRequest request) =>
        ModelInPath().Match(request.Path) is { Success: true } match ? match.Groups["model"].Value : null;

    [GeneratedRegex("^/v1beta/models/(?<model>[^:/]+):generateContent$")]
    private static partial Regex ModelInPath();
}
