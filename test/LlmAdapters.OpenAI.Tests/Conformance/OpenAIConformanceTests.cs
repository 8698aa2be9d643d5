using LlmAdapters.Conformance;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Tests.Conformance;

public sealed class OpenAIConformanceTests : ChatClientConformanceTests
{
    protected override string ExpectedProviderName => "openai";

    protected override string ExpectedDefaultModelId => "gpt-4.1-mini";

    protected override string ApiKey => OpenAITestSupport.ApiKey;

    protected override IChatClient CreateClient(ProviderEmulator emulator) =>
        new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = ApiKey, DefaultModelId = ExpectedDefaultModelId });
}
