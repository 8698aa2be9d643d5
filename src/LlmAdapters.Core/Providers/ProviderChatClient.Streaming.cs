using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>The stream session, written once for every provider.</summary>
internal sealed partial class ProviderChatClient<TRequest, TResponse, TChunk>
{
    /// <summary>
    /// One streamed call: the caller's token is checked before every event; an error event inside the stream becomes the
    /// typed exception after what was already yielded; a body that ends before the provider's terminal event becomes
    /// <see cref="StreamInterruptedException"/> (the updates yielded stay valid); after the terminal event the mapper's
    /// closing update (usage, held-back calls) is yielded. The first update carries the same stamp as a whole response.
    /// A server that ignores streaming and answers with one JSON body is read as a whole response and replayed as updates.
    /// </summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (request, model, content) = Prepare(messages, options, stream: true);
        var transport = _protocol.Transport;
        var provider = transport.Provider;
        using var response = await SendAsync(request, model, content, stream: true, cancellationToken).ConfigureAwait(false);
        if (response.Message.Content.Headers.ContentType?.MediaType == "application/json")
        {
            var whole = await ReadWholeAsync(response, request, model, cancellationToken).ConfigureAwait(false);
            var firstWhole = true;
            foreach (var update in whole.ToChatResponseUpdates())
            {
                if (firstWhole)
                {
                    firstWhole = false;
                    ResponseStamp.Apply(update, response, provider, model);
                }

                yield return update;
            }

            yield break;
        }

        var body = await response.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            // Guarded: a decoder or mapper failure on provider bytes becomes StreamInterruptedException (typed, inner kept).
            var mapper = GuardedStreamMapper<TChunk>.Wrap(_protocol.CreateStreamMapper(request, model), provider, response.RequestId);
            var first = true;
            var events = _protocol.OpenStream(body, response.RequestId, cancellationToken);
            await using (events.ConfigureAwait(false))
            {
                while (await events.MoveNextAsync().ConfigureAwait(false))
                {
                    var chunk = events.Current;
                    if (mapper.TryGetError(chunk, out var error))
                    {
                        throw transport.StreamError(error, response.RequestId);
                    }

                    var update = mapper.FromStreamEvent(chunk);
                    if (update is not null)
                    {
                        if (first)
                        {
                            first = false;
                            ResponseStamp.Apply(update, response, provider, model);
                        }

                        yield return update;
                    }

                    if (mapper.StopReading)
                    {
                        break;
                    }
                }
            }

            if (!mapper.IsComplete)
            {
                throw ProviderErrorFactory.StreamInterrupted(provider, response.RequestId, $"the stream ended before {mapper.TerminalEvent}", null);
            }

            if (mapper.Complete() is { } last)
            {
                if (first)
                {
                    ResponseStamp.Apply(last, response, provider, model);
                }

                yield return last;
            }
        }
    }
}
