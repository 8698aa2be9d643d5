using LlmAdapters.Conformance;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Tests.Responses;

public sealed class OpenAIResponsesConformanceTests : ChatClientConformanceTests
{
    protected override string ExpectedProviderName => "openai";

    protected override string ExpectedDefaultModelId => "gpt-5-mini";

    protected override string ApiKey => OpenAITestSupport.ApiKey;

    // created, in_progress, output_item.added and content_part.added come before the first text delta.
    protected override int DisconnectAfterFrames => 6;

    protected override IChatClient CreateClient(ProviderEmulator emulator) =>
        new OpenAIResponsesChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = ApiKey, DefaultModelId = ExpectedDefaultModelId });
}
