using LlmAdapters.Conformance;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Tests.Responses;

public sealed class OpenAIResponsesOptionsConformanceTests : ProviderOptionsConformanceTests<OpenAIOptions>
{
    protected override string ApiKey => OpenAITestSupport.ApiKey;

    protected override (string Header, string Value) ExpectedKeyHeader => ("Authorization", "Bearer " + OpenAITestSupport.ApiKey);

    protected override Uri PublicEndpoint => new("https://api.openai.com/v1/");

    protected override Uri EmulatorEndpoint(ProviderEmulator emulator) => emulator.Url("v1/");

    protected override IChatClient CreateClient(OpenAIOptions options) => new OpenAIResponsesChatClient(options);

    protected override string? ModelOf(CapturedRequest request) => request.Json?["model"]?.GetValue<string>();
}
