using System;
using System.Collections.Generic;
using System.IO;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Http;

/// <summary>
/// Server-sent events of one response, pulled one at a time: <see cref="SseParser"/> underneath, the caller's token
/// checked before every event (the parser only observes it when it reads, so buffered events would otherwise keep
/// flowing after cancellation), and read failures translated by <see cref="StreamReadFailures.Translate"/>. Adapters loop over
/// it inside their own streaming iterator, so a stream pays for no second async-iterator layer per event.
/// </summary>
internal sealed class SseEventSource<T> : IAsyncEnumerator<T>
{
    private readonly IAsyncEnumerator<SseItem<T>> _events;
    private readonly string _provider;
    private readonly string? _requestId;
    private readonly CancellationToken _cancellationToken;

    public SseEventSource(Stream stream, SseItemParser<T> parser, string provider, string? requestId, CancellationToken cancellationToken)
    {
        _events = SseParser.Create(stream, parser).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        _provider = provider;
        _requestId = requestId;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The event read by the last successful <see cref="MoveNextAsync"/>.</summary>
    public SseItem<T> Current => _events.Current;

    /// <summary>The data of <see cref="Current"/>: what the engine's stream session reads.</summary>
    T IAsyncEnumerator<T>.Current => _events.Current.Data;

    /// <summary>Reads the next event; false at the end of the body.</summary>
    public ValueTask<bool> MoveNextAsync()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        ValueTask<bool> next;
        try
        {
            next = _events.MoveNextAsync();
        }
        catch (Exception ex) when (StreamReadFailures.Translate(ex, _provider, _requestId, _cancellationToken) is { } translated)
        {
            throw translated;
        }

        // Most events are already buffered: complete synchronously without a state machine.
        return next.IsCompletedSuccessfully ? new ValueTask<bool>(next.Result) : AwaitAsync(next);
    }

    public ValueTask DisposeAsync() => _events.DisposeAsync();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AwaitAsync(ValueTask<bool> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (StreamReadFailures.Translate(ex, _provider, _requestId, _cancellationToken) is { } translated)
        {
            throw translated;
        }
    }
}
