namespace LlmAdapters.Cli.Tests;

public sealed class ProvidersCommandTests
{
    [Fact]
    public async Task Providers_ListsEveryProviderWithVariableDefaultModelAndKeyState()
    {
        var result = await new CliRunner().With("GROQ_API_KEY", "gsk_x").RunAsync("providers");

        Assert.Equal(0, result.ExitCode);
        foreach (var provider in LlmClientFactory.Providers)
        {
            var row = Assert.Single(result.OutputLines, l => l.StartsWith($"│ {provider.Name} ", StringComparison.Ordinal));
            Assert.Contains(provider.DisplayName, row, StringComparison.Ordinal);
            Assert.Contains(provider.DefaultModelId ?? "(deployment name)", row, StringComparison.Ordinal);
            Assert.Contains(provider.ApiKeyEnvironmentVariable ?? "-", row, StringComparison.Ordinal);
            var expectedKey = !provider.RequiresApiKey ? "not needed" : provider.Name == "groq" ? " set " : "not set";
            Assert.Contains(expectedKey, row, StringComparison.Ordinal);
        }
    }
}
