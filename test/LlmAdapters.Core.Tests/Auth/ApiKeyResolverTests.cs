namespace LlmAdapters.Core.Tests.Auth;

public sealed class ApiKeyResolverTests
{
    // Every test uses its own variable names, so tests never race on the process environment.
    private static string NewVariable() => "LLMADAPTERS_TEST_" + Guid.NewGuid().ToString("N").ToUpperInvariant();

    [Fact]
    public void Find_OptionSet_WinsOverEnvironment()
    {
        var variable = NewVariable();
        Environment.SetEnvironmentVariable(variable, "from-env");
        try
        {
            Assert.Equal("from-option", ApiKeyResolver.Find("from-option", variable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Find_OptionBlank_UsesFirstSetVariableInOrder()
    {
        var first = NewVariable();
        var second = NewVariable();
        var third = NewVariable();
        Environment.SetEnvironmentVariable(second, "second-key");
        Environment.SetEnvironmentVariable(third, "third-key");
        try
        {
            Assert.Equal("second-key", ApiKeyResolver.Find("  ", first, second, third));
            Assert.Equal("second-key", ApiKeyResolver.Find(null, first, second, third));
        }
        finally
        {
            Environment.SetEnvironmentVariable(second, null);
            Environment.SetEnvironmentVariable(third, null);
        }
    }

    [Fact]
    public void Find_NothingSet_ReturnsNull()
    {
        Assert.Null(ApiKeyResolver.Find(null, NewVariable()));
        Assert.Null(ApiKeyResolver.Find(null));
    }

    [Fact]
    public void Require_NothingSet_ThrowsConfigurationExceptionNamingOptionAndVariables()
    {
        var first = NewVariable();
        var second = NewVariable();

        var ex = Assert.Throws<ProviderConfigurationException>(() => ApiKeyResolver.Require(null, "Test Provider", "TestOptions.ApiKey", first, second));

        Assert.Equal($"No API key for Test Provider: set TestOptions.ApiKey or the environment variable {first} or {second}.", ex.Message);
        Assert.IsAssignableFrom<InvalidOperationException>(ex);
    }

    [Fact]
    public void Require_VariableSet_ReturnsIt()
    {
        var variable = NewVariable();
        Environment.SetEnvironmentVariable(variable, "env-key");
        try
        {
            Assert.Equal("env-key", ApiKeyResolver.Require(null, "Test Provider", "TestOptions.ApiKey", variable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Describe_NamesOptionAndVariables()
    {
        Assert.Equal("TestOptions.ApiKey or the A_KEY/B_KEY environment variable", ApiKeyResolver.Describe("TestOptions.ApiKey", "A_KEY", "B_KEY"));
        Assert.Equal("TestOptions.ApiKey", ApiKeyResolver.Describe("TestOptions.ApiKey"));
    }
}
