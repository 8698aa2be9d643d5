using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>
/// <c>:countTokens</c> for exactly what a chat request would send. Vertex AI accepts instructions and tools at the top
/// level; the Gemini API counts them inside a <c>generateContentRequest</c>.
/// </summary>
internal sealed class GeminiTokenCounter(GeminiProtocol protocol) : ITokenCounter
{
    public async Task<int> CountTokensAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = ResolveModel(protocol, options);
        var request = ToWireRequest(messages, options, model);
        var result = await protocol.Transport.SendJsonAsync(
            HttpMethod.Post,
            protocol.ModelMethod(model, "countTokens"),
            request,
            GeminiJsonContext.Default.GeminiCountTokensRequest,
            GeminiJsonContext.Default.GeminiCountTokensResponse,
            cancellationToken).ConfigureAwait(false);
        return result.Value.TotalTokens ?? 0;
    }

    internal GeminiCountTokensRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model)
    {
        var context = new GeminiRequestContext(model, protocol.FilesRoot, protocol.CacheResource);
        var full = GeminiRequestMapper.ToWireRequest(messages, options, context);
        if (protocol.IsVertex)
        {
            return new GeminiCountTokensRequest { Contents = full.Contents, SystemInstruction = full.SystemInstruction, Tools = full.Tools };
        }

        if (full.SystemInstruction is null && full.Tools is null && full.CachedContent is null)
        {
            return new GeminiCountTokensRequest { Contents = full.Contents };
        }

        return new GeminiCountTokensRequest
        {
            GenerateContentRequest = new GeminiGenerateContentRequestForCount
            {
                Model = protocol.ModelResource(model),
                Contents = full.Contents,
                SystemInstruction = full.SystemInstruction,
                Tools = full.Tools,
                CachedContent = full.CachedContent,
            },
        };
    }

    internal static string ResolveModel(GeminiProtocol protocol, ChatOptions? options)
    {
        var model = options?.ModelId ?? protocol.Settings.DefaultModelId;
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException(
                "No model: set ChatOptions.ModelId or GeminiOptions.DefaultModelId (for example 'gemini-2.5-flash').", nameof(options));
        }

        return model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
    }
}
