namespace LlmAdapters.Core.Tests.Models;

public sealed class ModelSpecTests
{
    [Theory]
    [InlineData("openai:gpt-4.1", "openai", "gpt-4.1")]
    [InlineData("groq:llama-3.3-70b-versatile", "groq", "llama-3.3-70b-versatile")]
    [InlineData("openrouter:anthropic/claude-sonnet-4.5", "openrouter", "anthropic/claude-sonnet-4.5")]
    [InlineData("ollama:llama3.2:3b", "ollama", "llama3.2:3b")]
    [InlineData("OpenAI:GPT-4o", "openai", "GPT-4o")]
    [InlineData("  azure : my-deployment  ", "azure", "my-deployment")]
    [InlineData("gcp.vertex_ai:gemini-2.5-pro", "gcp.vertex_ai", "gemini-2.5-pro")]
    public void Parse_ValidText_SplitsAtTheFirstColon(string text, string provider, string model)
    {
        var spec = ModelSpec.Parse(text);

        Assert.Equal(provider, spec.Provider);
        Assert.Equal(model, spec.Model);
        Assert.True(ModelSpec.TryParse(text, out var again));
        Assert.Equal(spec, again);
    }

    [Fact]
    public void ToString_FormatsProviderColonModel_AndRoundTrips()
    {
        var spec = new ModelSpec("ollama", "llama3.2:3b");

        Assert.Equal("ollama:llama3.2:3b", spec.ToString());
        Assert.Equal(spec, ModelSpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("gpt-4.1", "'gpt-4.1' is not a model spec: write it as 'provider:model', for example 'openai:gpt-4.1' or 'anthropic:claude-sonnet-4-5'.")]
    [InlineData(":gpt-4.1", "':gpt-4.1' is not a model spec: write it as 'provider:model', for example 'openai:gpt-4.1' or 'anthropic:claude-sonnet-4-5'.")]
    [InlineData("openai:", "'openai:' is not a model spec: write it as 'provider:model', for example 'openai:gpt-4.1' or 'anthropic:claude-sonnet-4-5'.")]
    [InlineData("", "A model spec is empty: write it as 'provider:model', for example 'openai:gpt-4.1'.")]
    [InlineData("   ", "A model spec is empty: write it as 'provider:model', for example 'openai:gpt-4.1'.")]
    [InlineData("open ai:gpt", "'open ai:gpt' is not a model spec: the provider part 'open ai' may only hold lower-case letters, digits, '-', '_' or '.'.")]
    [InlineData("open/ai:gpt", "'open/ai:gpt' is not a model spec: the provider part 'open/ai' may only hold lower-case letters, digits, '-', '_' or '.'.")]
    [InlineData("openai:   ", "'openai:   ' is not a model spec: the model part is empty; write it as 'provider:model', for example 'openai:gpt-4.1'.")]
    public void Parse_InvalidText_ThrowsFormatExceptionSayingHowToWriteIt(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => ModelSpec.Parse(text));

        Assert.Equal(message, ex.Message);
        Assert.False(ModelSpec.TryParse(text, out var spec));
        Assert.Equal(default, spec);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull()
    {
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => ModelSpec.Parse(null!)).ParamName);
        Assert.False(ModelSpec.TryParse(null, out _));
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("")]
    [InlineData("a b")]
    public void Constructor_InvalidProvider_ThrowsArgumentException(string provider)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ModelSpec(provider, "m"));

        Assert.Equal("provider", ex.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Constructor_BlankModel_ThrowsArgumentException(string model)
    {
        Assert.Equal("model", Assert.Throws<ArgumentException>(() => new ModelSpec("openai", model)).ParamName);
    }
}
