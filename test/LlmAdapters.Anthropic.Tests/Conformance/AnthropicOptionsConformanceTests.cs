using LlmAdapters.Conformance;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic.Tests.Conformance;

public sealed class AnthropicOptionsConformanceTests : ProviderOptionsConformanceTests<AnthropicOptions>
{
    protected override string ApiKey => AnthropicTestSupport.Key;

    protected override (string Header, string Value) ExpectedKeyHeader => ("x-api-key", AnthropicTestSupport.Key);

    protected override Uri PublicEndpoint => new("https://api.anthropic.com/");

    protected override Uri EmulatorEndpoint(ProviderEmulator emulator) => emulator.BaseAddress;

    protected override IChatClient CreateClient(AnthropicOptions options) => new AnthropicChatClient(options);

    protected override string? ModelOf(CapturedRequest request) => request.Json?["model"]?.GetValue<string>();
}
