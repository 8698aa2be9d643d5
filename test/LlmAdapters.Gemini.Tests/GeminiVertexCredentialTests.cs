namespace LlmAdapters.Gemini.Tests;

/// <summary>Changes GOOGLE_APPLICATION_CREDENTIALS for the whole process, so its tests run alone.</summary>
[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;

/// <summary>
/// Vertex AI without any Google credential fails with a configuration error that says what to set. Google's library
/// caches the outcome of its Application Default Credentials lookup for the process, so only one test goes through it;
/// the others inject the loader.
/// </summary>
[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class GeminiVertexCredentialTests
{
    private const string Variable = "GOOGLE_APPLICATION_CREDENTIALS";

    [Fact]
    public void Constructor_VertexApplicationDefaultCredentialsFileMissing_ThrowsConfigurationErrorNamingWhatToSet()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-adc-{Guid.NewGuid():N}.json");

        var ex = WithCredentialsFile(missing, () => Assert.Throws<ProviderConfigurationException>(() => VertexClient()));

        AssertNamesEveryWayToConfigure(ex);
        Assert.IsNotType<AggregateException>(ex.InnerException);
    }

    [Fact]
    public void Create_LoaderFailsWithAggregate_UnwrapsItIntoTheConfigurationError()
    {
        var cause = new InvalidOperationException("The Application Default Credentials are not available.");

        var ex = Assert.Throws<ProviderConfigurationException>(
            () => GoogleBearerCredential.Create(null, TimeProvider.System, () => throw new AggregateException(cause)));

        Assert.Same(cause, ex.InnerException);
        Assert.EndsWith("(The Application Default Credentials are not available.)", ex.Message, StringComparison.Ordinal);
    }

    private static GeminiChatClient VertexClient() => new(new GeminiOptions
    {
        DefaultModelId = "gemini-2.5-flash",
        Vertex = new GeminiVertexOptions { Project = "proj-1", Location = "us-central1" },
    });

    private static void AssertNamesEveryWayToConfigure(ProviderConfigurationException ex)
    {
        Assert.StartsWith("Vertex AI found no Google credentials. ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GeminiOptions.Vertex.Credential", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GOOGLE_APPLICATION_CREDENTIALS", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gcloud auth application-default login", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GeminiOptions.ApiKey (or GOOGLE_API_KEY)", ex.Message, StringComparison.Ordinal);
    }

    private static T WithCredentialsFile<T>(string path, Func<T> action)
    {
        var saved = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, path);
        try
        {
            return action();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, saved);
        }
    }
}
