using LlmAdapters.Cohere.Tests.TestSupport;
using LlmAdapters.Conformance;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere.Tests.Conformance;

public sealed class CohereConformanceTests : ChatClientConformanceTests
{
    protected override string ExpectedProviderName => "cohere";

    protected override string ExpectedDefaultModelId => CohereTestSupport.Model;

    protected override string ApiKey => CohereTestSupport.Key;

    // Cohere opens every stream with message-start and content-start frames that carry no text, so two text deltas
    // arrive only after the fourth frame.
    protected override int DisconnectAfterFrames => 4;

    protected override IChatClient CreateClient(ProviderEmulator emulator) => CohereTestSupport.Client(emulator);
}
