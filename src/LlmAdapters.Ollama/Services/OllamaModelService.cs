using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Http;
using LlmAdapters.Ollama.Wire;

namespace LlmAdapters.Ollama;

/// <summary>
/// What an Ollama server can run: its models (<c>GET /api/tags</c>) and one model's details — context length, capabilities,
/// family, size (<c>POST /api/show</c>). Reach it with <c>client.GetService&lt;OllamaModelService&gt;()</c> on an
/// <see cref="OllamaChatClient"/> or <see cref="OllamaEmbeddingGenerator"/>, or through <see cref="OllamaChatClient.Models"/>;
/// it uses that client's endpoint, key and HTTP client.
/// </summary>
public sealed class OllamaModelService
{
    private readonly OllamaProtocol _protocol;

    internal OllamaModelService(OllamaProtocol protocol)
    {
        _protocol = protocol;
    }

    /// <summary>Lists the models the server has pulled (<c>GET /api/tags</c>), in the server's order.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The models.</returns>
    public async Task<IReadOnlyList<OllamaModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _protocol.SendAsync(HttpMethod.Get, _protocol.TagsUri, null, model: null, cancellationToken).ConfigureAwait(false);
        var tags = await response.ReadJsonAsync(OllamaJsonContext.Default.OllamaTagsResponse, cancellationToken).ConfigureAwait(false);
        var models = new List<OllamaModelInfo>(tags.Models?.Count ?? 0);
        foreach (var model in tags.Models ?? [])
        {
            if ((model.Name ?? model.Model) is not { } name)
            {
                continue;
            }

            models.Add(new OllamaModelInfo(name)
            {
                ModifiedAt = OllamaResponseMapper.ParseTime(model.ModifiedAt),
                Size = model.Size,
                Digest = model.Digest,
                Family = model.Details?.Family,
                ParameterSize = model.Details?.ParameterSize,
                QuantizationLevel = model.Details?.QuantizationLevel,
                Capabilities = model.Capabilities ?? [],
            });
        }

        return models;
    }

    /// <summary>Describes one model (<c>POST /api/show</c>): its trained context length, embedding width and capabilities.</summary>
    /// <param name="model">The model, for example <c>llama3.2</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The details.</returns>
    /// <exception cref="ModelNotFoundException">The server does not have the model (the message says to run <c>ollama pull</c>).</exception>
    public async Task<OllamaModelDetails> ShowModelAsync(string model, CancellationToken cancellationToken = default)
    {
        Throw.IfNullOrWhiteSpace(model);
        var content = ProviderTransport.JsonContent(new OllamaShowRequest { Model = model }, OllamaJsonContext.Default.OllamaShowRequest);
        using var response = await _protocol.SendAsync(HttpMethod.Post, _protocol.ShowUri, content, model, cancellationToken).ConfigureAwait(false);
        var show = await response.ReadJsonAsync(OllamaJsonContext.Default.OllamaShowResponse, cancellationToken).ConfigureAwait(false);
        return ToDetails(model, show);
    }

    /// <summary>The context length <paramref name="model"/> was trained with, from <c>/api/show</c>; <see langword="null"/> when
    /// the server does not report it. What a call may use is <c>num_ctx</c> (<see cref="OllamaPropertyKeys.NumCtx"/>), up to this.</summary>
    /// <param name="model">The model.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The context length in tokens.</returns>
    public async Task<int?> GetContextLengthAsync(string model, CancellationToken cancellationToken = default) =>
        (await ShowModelAsync(model, cancellationToken).ConfigureAwait(false)).ContextLength;

    /// <summary>Maps a <c>/api/show</c> body: <c>model_info</c> is a flat map read at <c>{general.architecture}.context_length</c>
    /// and <c>{general.architecture}.embedding_length</c>.</summary>
    internal static OllamaModelDetails ToDetails(string model, OllamaShowResponse show)
    {
        var info = show.ModelInfo;
        string? architecture = null;
        if (info?.TryGetValue("general.architecture", out var arch) == true && arch.ValueKind == JsonValueKind.String)
        {
            architecture = arch.GetString();
        }

        return new OllamaModelDetails(model)
        {
            Architecture = architecture,
            ContextLength = IntAt(info, architecture, "context_length"),
            EmbeddingLength = IntAt(info, architecture, "embedding_length"),
            Capabilities = show.Capabilities ?? [],
            Family = show.Details?.Family,
            ParameterSize = show.Details?.ParameterSize,
            QuantizationLevel = show.Details?.QuantizationLevel,
            ModifiedAt = OllamaResponseMapper.ParseTime(show.ModifiedAt),
        };
    }

    private static int? IntAt(Dictionary<string, JsonElement>? info, string? architecture, string field)
    {
        if (info is null || architecture is null
            || !info.TryGetValue(string.Create(CultureInfo.InvariantCulture, $"{architecture}.{field}"), out var value)
            || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        return value.TryGetInt32(out var n) ? n : null;
    }
}
