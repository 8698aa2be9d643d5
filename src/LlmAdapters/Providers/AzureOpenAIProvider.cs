using System;
using LlmAdapters.OpenAI;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>Azure OpenAI: the model part of the spec is the deployment name; the resource comes from settings or <c>AZURE_OPENAI_ENDPOINT</c>.</summary>
internal sealed class AzureOpenAIProvider : LlmProviderDescriptor
{
    internal const string EndpointVariable = OpenAIConstants.AzureEndpointEnvironmentVariable;

    public override LlmProviderInfo Info { get; } = new(
        "azure",
        "Azure OpenAI",
        OpenAIConstants.AzureProviderName,
        OpenAIConstants.AzureApiKeyEnvironmentVariable,
        RequiresApiKey: true,
        DefaultModelId: null,
        DefaultEmbeddingModelId: null,
        SupportsEmbeddings: true);

    // The resource root: the adapter appends openai/deployments/… itself, and the emulator serves those paths.
    public override Uri EmulatorEndpoint(Uri emulatorBase) => emulatorBase;

    public override IChatClient CreateChatClient(string model, LlmProviderSettings settings) =>
        new OpenAIChatClient(CreateOptions(model, settings));

    public override IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(string model, LlmProviderSettings settings) =>
        new OpenAIEmbeddingGenerator(CreateOptions(model, settings));

    private static OpenAIOptions CreateOptions(string deployment, LlmProviderSettings settings)
    {
        var resource = settings.Endpoint ?? FromEnvironment()
            ?? throw new ProviderConfigurationException(
                $"No endpoint for Azure OpenAI: set LlmProviderSettings.Endpoint (configuration key LlmAdapters:Providers:azure:Endpoint) " +
                $"or the {EndpointVariable} environment variable to the resource, for example https://myresource.openai.azure.com/.");
        var apiVersion = settings.ApiVersionOrNull() switch
        {
            null => OpenAIOptions.DefaultAzureApiVersion,
            "v1" => null,
            var version => version,
        };

        // The resource in Endpoint has become the deployment URL; the other settings apply as for every provider.
        return settings.ApplyTo(OpenAIOptions.ForAzure(resource, deployment, settings.ApiKey, apiVersion), endpointConsumed: true);
    }

    private static Uri? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new ProviderConfigurationException($"{EndpointVariable} is not an absolute URL: set it to the resource, for example https://myresource.openai.azure.com/.");
    }
}
