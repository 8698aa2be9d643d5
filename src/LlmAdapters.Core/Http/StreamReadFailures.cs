using System;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Http;

/// <summary>
/// What a failure while reading a streamed body becomes, for both framings (<see cref="SseEventSource{T}"/> and
/// <see cref="NdjsonEventSource{T}"/>): transport failures become <see cref="StreamInterruptedException"/>;
/// cancellation surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
internal static class StreamReadFailures
{
    /// <summary>Maps a failure while reading a stream to the exception family; null lets it propagate unchanged.</summary>
    public static Exception? Translate(Exception ex, string provider, string? requestId, CancellationToken cancellationToken)
    {
        if (ex is OperationCanceledException or ProviderException)
        {
            return null;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException("The stream was cancelled.", ex, cancellationToken);
        }

        // Decoder failures never get here: the event sources turn them into StreamInterruptedException themselves.
        return ex switch
        {
            IOException or HttpRequestException or ObjectDisposedException =>
                ProviderErrorFactory.StreamInterrupted(provider, requestId, "the connection closed before the stream finished", ex),
            FormatException or InvalidOperationException =>
                ProviderErrorFactory.StreamInterrupted(provider, requestId, $"a chunk was malformed ({SecretRedactor.Redact(ex.Message)})", ex),
            _ => null,
        };
    }

    /// <summary>Reads the next bytes of a streamed body into <paramref name="buffer"/>; failures arrive translated.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<int> ReadAsync(Stream stream, Memory<byte> buffer, string provider, string? requestId, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, provider, requestId, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }
}
