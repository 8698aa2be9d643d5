using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// Chunks of one stream → <see cref="ChatResponseUpdate"/>s. A provider derives one per protocol and keeps that stream's
/// state in it (tool-call fragments, running usage, ids). Pure: no I/O. The engine's stream session asks it, for every
/// chunk, whether the chunk is an error, maps it, and checks whether the provider's terminal event has arrived.
/// </summary>
/// <typeparam name="TChunk">The decoded chunk type.</typeparam>
internal abstract class StreamMapper<TChunk>
{
    /// <summary>Gets a value indicating whether the provider's terminal event arrived (OpenAI <c>[DONE]</c>, Anthropic
    /// <c>message_stop</c>, a Gemini chunk with a finish reason). A body that ends before it was cut.</summary>
    public bool IsComplete { get; protected set; }

    /// <summary>Gets a value indicating whether reading can stop now (nothing after the terminal event matters).</summary>
    public bool StopReading { get; protected set; }

    /// <summary>Gets the name of the terminal event, for the interruption message ("the [DONE] event").</summary>
    public abstract string TerminalEvent { get; }

    /// <summary>Returns true, with what the provider said, when <paramref name="chunk"/> is an error event inside the stream.</summary>
    public abstract bool TryGetError(TChunk chunk, out ProviderErrorInfo error);

    /// <summary>Maps one chunk; <see langword="null"/> when it carries nothing to surface yet.</summary>
    public abstract ChatResponseUpdate? FromStreamEvent(TChunk chunk);

    /// <summary>The closing update after the terminal event: what was held back (usage, calls never finished), or null.</summary>
    public abstract ChatResponseUpdate? Complete();
}
