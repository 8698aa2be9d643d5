using LlmAdapters.Benchmarks.Harness;

namespace LlmAdapters.Benchmarks.Scenarios;

/// <summary>Every provider's benchmarks; adding a provider is one file under <c>Scenarios/</c> plus one entry here.</summary>
internal static class ScenarioSets
{
    public static IReadOnlyList<IScenarioSet> All { get; } =
    [
        // Before OpenAI: its replies answer every chat completion, and this set's requests are chat completions too.
        new SharedStateScenarios(),
        new OpenAIScenarios(),
        new OpenAIResponsesScenarios(),
        new AnthropicScenarios(),
        new GeminiScenarios(),
        new OllamaScenarios(),
        new CohereScenarios(),
    ];
}
