using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// What a provider plugs into <see cref="ProviderEmbeddingGenerator"/>: the transport, where and in what batches inputs are
/// sent, and the provider's embedding mapper in both directions. A provider's protocol class implements it next to its chat
/// protocol, so endpoints, headers and credentials stay in one place.
/// </summary>
internal interface IEmbeddingProtocol : IDisposable
{
    /// <summary>Gets the transport: HTTP client, credentials, default headers and error parser.</summary>
    ProviderTransport Transport { get; }

    /// <summary>Gets the options object the face was created with (returned by <c>GetService</c> for its type).</summary>
    object Options { get; }

    /// <summary>Gets the endpoint reported in <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    Uri Endpoint { get; }

    /// <summary>Gets the embedding model used when a call names none; <see langword="null"/> when there is none.</summary>
    string? DefaultEmbeddingModelId { get; }

    /// <summary>Gets the text of the "no model" error, naming the options property to set.</summary>
    string MissingEmbeddingModelHint { get; }

    /// <summary>Normalizes a model id (for example strips a <c>models/</c> prefix).</summary>
    string NormalizeModel(string model);

    /// <summary>The most inputs one request for <paramref name="model"/> may carry (at least 1).</summary>
    int MaxInputsPerRequest(string model);

    /// <summary>The URL an embeddings request for <paramref name="model"/> goes to.</summary>
    Uri EmbeddingRequestUri(string model);

    /// <summary>Maps one batch to its request body with the provider's embedding mapper (pure), merged under the caller's
    /// raw fields by <see cref="RawRequestMerge.ToContent"/>.</summary>
    HttpContent ToEmbeddingContent(IReadOnlyList<string> inputs, EmbeddingGenerationOptions? options, string model, object? raw);

    /// <summary>Reads one successful response and maps it (vectors in input order, and the usage it reports).</summary>
    ValueTask<EmbeddingBatch> ReadEmbeddingsAsync(ProviderResponse response, string model, CancellationToken cancellationToken);

    /// <summary>Lets the provider replace a failed request's exception with one that says more about the fix (Ollama: a
    /// missing model names <c>ollama pull</c>); null keeps it.</summary>
    ProviderException? RefineEmbeddingError(ProviderException error, string model) => null;

    /// <summary>Returns a provider-only service an embedding generator offers through <c>GetService</c> (Ollama's model
    /// service), or null.</summary>
    object? GetEmbeddingService(Type serviceType) => null;
}

/// <summary>The embeddings of one request, in input order, the usage the provider reported for it (null when none), and
/// provider-only facts for the result's <c>AdditionalProperties</c> (Ollama's timings; null when none).</summary>
internal readonly record struct EmbeddingBatch(IReadOnlyList<Embedding<float>> Embeddings, UsageDetails? Usage, AdditionalPropertiesDictionary? Properties = null);
