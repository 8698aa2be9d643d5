using System;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// Wraps a provider's stream mapper so that whatever it throws on provider chunks — anything but
/// cancellation or a <see cref="ProviderException"/> — becomes <see cref="StreamInterruptedException"/> with the failure
/// as its inner exception (the event sources guard the decoders the same way). Updates yielded before stay valid;
/// resilience and fallback see a typed, retryable error.
/// </summary>
/// <typeparam name="TChunk">The decoded chunk type.</typeparam>
internal sealed class GuardedStreamMapper<TChunk> : StreamMapper<TChunk>
{
    private readonly StreamMapper<TChunk> _inner;
    private readonly string _provider;
    private readonly string? _requestId;

    private GuardedStreamMapper(StreamMapper<TChunk> inner, string provider, string? requestId)
    {
        _inner = inner;
        _provider = provider;
        _requestId = requestId;
    }

    /// <inheritdoc />
    public override string TerminalEvent => _inner.TerminalEvent;

    /// <summary>Wraps <paramref name="mapper"/>.</summary>
    public static StreamMapper<TChunk> Wrap(StreamMapper<TChunk> mapper, string provider, string? requestId) => new GuardedStreamMapper<TChunk>(mapper, provider, requestId);

    /// <inheritdoc />
    public override bool TryGetError(TChunk chunk, out ProviderErrorInfo error)
    {
        try
        {
            return _inner.TryGetError(chunk, out error);
        }
        catch (Exception ex) when (ProviderErrorFactory.IsDecodingFailure(ex))
        {
            throw ProviderErrorFactory.ChunkUndecodable(_provider, _requestId, ex);
        }
        finally
        {
            Sync();
        }
    }

    /// <inheritdoc />
    public override ChatResponseUpdate? FromStreamEvent(TChunk chunk)
    {
        try
        {
            return _inner.FromStreamEvent(chunk);
        }
        catch (Exception ex) when (ProviderErrorFactory.IsDecodingFailure(ex))
        {
            throw ProviderErrorFactory.ChunkUndecodable(_provider, _requestId, ex);
        }
        finally
        {
            Sync();
        }
    }

    /// <inheritdoc />
    public override ChatResponseUpdate? Complete()
    {
        try
        {
            return _inner.Complete();
        }
        catch (Exception ex) when (ProviderErrorFactory.IsDecodingFailure(ex))
        {
            throw ProviderErrorFactory.ChunkUndecodable(_provider, _requestId, ex);
        }
        finally
        {
            Sync();
        }
    }

    private void Sync()
    {
        IsComplete = _inner.IsComplete;
        StopReading = _inner.StopReading;
    }
}
