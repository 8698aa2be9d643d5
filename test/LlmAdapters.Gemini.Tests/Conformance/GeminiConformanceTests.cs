using LlmAdapters.Conformance;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests.Conformance;

public sealed class GeminiConformanceTests : ChatClientConformanceTests
{
    protected override string ExpectedProviderName => "gcp.gemini";

    protected override string ExpectedDefaultModelId => "gemini-2.5-flash";

    protected override string ApiKey => GeminiHarness.Key;

    protected override IChatClient CreateClient(ProviderEmulator emulator) =>
        new GeminiChatClient(new GeminiOptions { Endpoint = emulator.BaseAddress, ApiKey = ApiKey, DefaultModelId = ExpectedDefaultModelId });
}
