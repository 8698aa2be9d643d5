using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LlmAdapters.Testing;

/// <summary>One request being answered: what arrived, the next scripted reply, and helpers that write the
/// response with the reply's faults applied (delays, disconnects, garbled frames, Retry-After).</summary>
public sealed class EmulatorExchange
{
    private static readonly TimeSpan DisconnectGracePeriod = TimeSpan.FromMilliseconds(300);
    private readonly HttpContext _context;
    private readonly ProviderEmulator _emulator;

    internal EmulatorExchange(HttpContext context, ProviderEmulator emulator, CapturedRequest request)
    {
        _context = context;
        _emulator = emulator;
        Request = request;
    }

    /// <summary>Gets the captured request.</summary>
    public CapturedRequest Request { get; }

    /// <summary>Gets the emulator.</summary>
    public ProviderEmulator Emulator => _emulator;

    /// <summary>Gets the cancellation token of the connection.</summary>
    public CancellationToken Aborted => _context.RequestAborted;

    /// <summary>Takes the next scripted reply (queue first, then the default responder).</summary>
    /// <returns>The reply.</returns>
    public ScriptedReply NextReply() => _emulator.TakeReply(Request);

    /// <summary>
    /// Handles the parts of a reply every dialect treats alike: the delay before headers, gateway HTML pages,
    /// raw bodies and raw frames. Returns <see langword="true"/> when the response has been written.
    /// </summary>
    /// <param name="reply">The reply.</param>
    /// <returns>Whether the response is complete.</returns>
    public async Task<bool> TryWriteCommonAsync(ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.DelayBeforeHeaders > TimeSpan.Zero)
        {
            await Task.Delay(reply.DelayBeforeHeaders, Aborted).ConfigureAwait(false);
        }

        if (reply.HtmlPage)
        {
            var status = reply.ErrorStatus ?? 502;
            await WriteAsync(status, "text/html", $"<html><head><title>{status} Bad Gateway</title></head><body><center><h1>{status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>", reply).ConfigureAwait(false);
            return true;
        }

        if (reply.RawFrames is { } frames)
        {
            await WriteStreamAsync(reply.RawContentType, frames, reply).ConfigureAwait(false);
            return true;
        }

        if (reply.RawBody is { } body)
        {
            await WriteAsync(reply.RawStatus, reply.RawContentType, body, reply).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>Writes a whole response, adding the reply's headers and Retry-After.</summary>
    /// <param name="status">The status.</param>
    /// <param name="contentType">The content type.</param>
    /// <param name="body">The body.</param>
    /// <param name="reply">The reply whose headers apply, if any.</param>
    /// <returns>A task.</returns>
    public async Task WriteAsync(int status, string contentType, string body, ScriptedReply? reply = null)
    {
        _context.Response.StatusCode = status;
        _context.Response.ContentType = contentType;
        ApplyHeaders(reply);
        var bytes = Encoding.UTF8.GetBytes(body);
        _context.Response.ContentLength = bytes.Length;
        await _context.Response.Body.WriteAsync(bytes, Aborted).ConfigureAwait(false);
    }

    /// <summary>Writes a JSON response.</summary>
    /// <param name="status">The status.</param>
    /// <param name="json">The JSON text.</param>
    /// <param name="reply">The reply whose headers apply, if any.</param>
    /// <returns>A task.</returns>
    public Task WriteJsonAsync(int status, string json, ScriptedReply? reply = null) => WriteAsync(status, "application/json", json, reply);

    /// <summary>
    /// Writes a stream frame by frame, flushing each, applying the reply's delay between chunks, garbled frame
    /// and disconnect. A disconnect aborts the connection so the client sees a truncated body.
    /// </summary>
    /// <param name="contentType">The content type (<c>text/event-stream</c>, <c>application/x-ndjson</c>).</param>
    /// <param name="frames">The frames, each including its own framing.</param>
    /// <param name="reply">The reply whose faults apply.</param>
    /// <returns>A task.</returns>
    public async Task WriteStreamAsync(string contentType, IEnumerable<string> frames, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(reply);
        _context.Response.StatusCode = 200;
        _context.Response.ContentType = contentType;
        _context.Response.Headers.CacheControl = "no-cache";
        ApplyHeaders(reply);
        await _context.Response.StartAsync(Aborted).ConfigureAwait(false);
        var index = 0;
        foreach (var frame in frames)
        {
            if (reply.DisconnectAfterChunks is { } limit && index >= limit)
            {
                await _context.Response.Body.FlushAsync(Aborted).ConfigureAwait(false);

                // Aborting discards whatever the server has not yet handed to the socket, so give the frames
                // already written time to leave before the connection is cut; the client then sees exactly
                // those frames followed by a broken body.
                await Task.Delay(DisconnectGracePeriod, Aborted).ConfigureAwait(false);
                _context.Abort();
                return;
            }

            if (index > 0 && reply.DelayBetweenChunks > TimeSpan.Zero)
            {
                await Task.Delay(reply.DelayBetweenChunks, Aborted).ConfigureAwait(false);
            }

            var text = index == reply.GarbledChunkIndex ? GarbleFrame(frame) : frame;
            await _context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), Aborted).ConfigureAwait(false);
            await _context.Response.Body.FlushAsync(Aborted).ConfigureAwait(false);
            index++;
        }
    }

    private static string GarbleFrame(string frame) =>
        frame.StartsWith("data:", StringComparison.Ordinal) || frame.Contains("\ndata:", StringComparison.Ordinal)
            ? "data: {\"id\":\"garbled\",<<not json>>\n\n"
            : "{\"garbled\":<<not json>>\n";

    private void ApplyHeaders(ScriptedReply? reply)
    {
        if (reply is null)
        {
            return;
        }

        foreach (var header in reply.Headers)
        {
            _context.Response.Headers[header.Key] = header.Value;
        }

        if (reply.RetryAfter is { } wait)
        {
            if (reply.RetryAfterAsMilliseconds)
            {
                _context.Response.Headers["retry-after-ms"] = wait.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
            }
            else if (reply.RetryAfterAsDate)
            {
                _context.Response.Headers["retry-after"] = (_emulator.TimeProvider.GetUtcNow() + wait).ToString("r", CultureInfo.InvariantCulture);
            }
            else
            {
                _context.Response.Headers["retry-after"] = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}
