using LlmAdapters.Conformance;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic.Tests.Conformance;

public sealed class AnthropicConformanceTests : ChatClientConformanceTests
{
    protected override string ExpectedProviderName => "anthropic";

    protected override string ExpectedDefaultModelId => "claude-sonnet-4-5";

    protected override string ApiKey => AnthropicTestSupport.Key;

    // Anthropic opens every stream with message_start and content_block_start frames that carry no text,
    // so two text deltas arrive only after the fourth frame.
    protected override int DisconnectAfterFrames => 4;

    protected override IChatClient CreateClient(ProviderEmulator emulator) =>
        new AnthropicChatClient(new AnthropicOptions { Endpoint = emulator.BaseAddress, ApiKey = ApiKey, DefaultModelId = ExpectedDefaultModelId });
}
