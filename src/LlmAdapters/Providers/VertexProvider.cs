using System;
using LlmAdapters.Gemini;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// <c>vertex:MODEL</c>: Gemini on Vertex AI with Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS or
/// the gcloud login), the project from settings or GOOGLE_CLOUD_PROJECT and the location from settings or
/// GOOGLE_CLOUD_LOCATION (default <c>global</c>). With an API key and no project it uses Vertex express mode.
/// </summary>
internal sealed class VertexProvider : LlmProviderDescriptor
{
    public override LlmProviderInfo Info { get; } = new(
        "vertex",
        "Google Vertex AI",
        GeminiConstants.VertexProviderName,
        GeminiConstants.CredentialsFileEnvironmentVariable,
        RequiresApiKey: true,
        DefaultModelId: "gemini-2.5-flash",
        DefaultEmbeddingModelId: "gemini-embedding-001",
        SupportsEmbeddings: true);

    public override Uri EmulatorEndpoint(Uri emulatorBase) => emulatorBase;

    // The listed variable names a credentials file for Application Default Credentials, never a key: the only key
    // Vertex AI takes (express mode) comes from GOOGLE_API_KEY.
    public override void ApplyEnvironment(LlmProviderSettings settings, Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            settings.ApiKey = environment(GeminiConstants.GoogleApiKeyEnvironmentVariable);
        }
    }

    public override IChatClient CreateChatClient(string model, LlmProviderSettings settings) =>
        new GeminiChatClient(CreateOptions(model, settings));

    public override IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(string model, LlmProviderSettings settings) =>
        new GeminiEmbeddingGenerator(CreateOptions(model, settings, embeddings: true));

    private static GeminiOptions CreateOptions(string model, LlmProviderSettings settings, bool embeddings = false)
    {
        // An API key (express mode, or the offline emulator) needs no project; otherwise ADC plus a project.
        var expressMode = !string.IsNullOrWhiteSpace(settings.ApiKey) && string.IsNullOrWhiteSpace(settings.Project);
        var vertex = new GeminiVertexOptions
        {
            Project = expressMode ? null : NonBlank(settings.Project) ?? NonBlank(Environment.GetEnvironmentVariable(GeminiConstants.ProjectEnvironmentVariable)),
            Location = NonBlank(settings.Location) ?? NonBlank(Environment.GetEnvironmentVariable(GeminiConstants.LocationEnvironmentVariable)) ?? "global",
        };
        return GeminiProvider.CreateOptions(model, settings, embeddings, vertex);
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
